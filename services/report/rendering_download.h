// DownloadRendering's reactor: an archived rendering's bytes, read on the
// read executor, sent in chunks of 64 KiB; the first chunk carries the
// rendering's description. Deletes itself when the call is done.
#ifndef DTR_SERVICES_REPORT_RENDERING_DOWNLOAD_H_
#define DTR_SERVICES_REPORT_RENDERING_DOWNLOAD_H_

#include <string>

#include "common/executor.h"
#include "dtr/report/v1/report.grpc.pb.h"
#include "services/report/report_store.h"

namespace dtr::report {

// Starts the download of what `request` names.
grpc::ServerWriteReactor<v1::RenderingChunk>* StartRenderingDownload(
    Executor* reads, ReportStore* store, v1::DownloadRenderingRequest request);

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_RENDERING_DOWNLOAD_H_
