// `dtctl report sign`, `issue` and `verify`: a version's life as an issued
// document. Signing happens here, on the signer's desk: the service
// prepares the PDF and hands out its digest, dtctl signs it with a key
// file or a token through PKCS#11 and sends back the CMS; the key never
// leaves this machine. Verifying reads a PDF's signatures and checks each
// on its own (common/cms_signature.h), without the service.
#ifndef DTR_TOOLS_DTCTL_DOCUMENT_COMMANDS_H_
#define DTR_TOOLS_DTCTL_DOCUMENT_COMMANDS_H_

#include <string>

#include "tools/dtctl/report_commands.h"

namespace dtr::dtctl {

// 0 when the version is signed.
int SignReport(ReportStub* stub, const ReportFlags& flags);
// 0 when it is issued; prints the document number.
int IssueReport(ReportStub* stub, const ReportFlags& flags);
// Prints each signature of FILE (signer, time, coverage, validity, trust);
// 0 only when every one is valid, trusted when --trust is given, and the
// last covers the whole file.
int VerifyPdf(const std::string& path, const std::string& trust_path);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_DOCUMENT_COMMANDS_H_
