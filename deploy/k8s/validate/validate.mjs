// Offline checks of rendered Kubernetes manifests (kubectl kustomize output).
//
//   node validate.mjs FILE...
//     Every object must validate against the Kubernetes OpenAPI schema
//     (kubernetes-models; ServiceMonitor: @kubernetes-models/prometheus-operator;
//     Certificate and Issuer: @kubernetes-models/cert-manager) and the
//     deployment policy below. Prints one line per object.
//   node validate.mjs --same-pods A.yaml B.yaml
//     The pod templates of the workloads that A and B both name must be the
//     same but for the store, resources and scheduling (dev's StatefulSets
//     and prod's Deployments repeat one pod template each).
//
// Exits 1 when anything fails, 2 on a usage or input error.
//
// The policy, for every workload (Deployment, StatefulSet, DaemonSet,
// ReplicaSet, Job, CronJob, Pod):
//   - liveness and readiness probes on every container (not for Jobs and
//     CronJobs, which run to completion); a dtr service's probes (startup
//     too) are gRPC probes on the numeric port of its container port
//     `health`, the plain-text grpc.health.v1 port that DTR_HEALTH_LISTEN
//     opens, not on the TLS `grpc` port;
//   - TLS for every dtr container: no DTR_PLAINTEXT or --plaintext; a
//     Secret dtr-tls-* mounted read-only (a service's own: dtr-tls-<its
//     app.kubernetes.io/name>), DTR_TLS_CERT and DTR_TLS_KEY in it; a
//     service also DTR_TLS_CLIENT_CA (mutual TLS), a caller of the services
//     (the report service, Jobs and CronJobs) DTR_TLS_CA;
//   - resource requests and limits, cpu and memory, on every container;
//   - runAsNonRoot, seccompProfile RuntimeDefault, allowPrivilegeEscalation
//     false, readOnlyRootFilesystem, capabilities dropping ALL;
//   - automountServiceAccountToken false;
//   - a dtr service's terminationGracePeriodSeconds above its
//     DTR_DRAIN_SECONDS + DTR_SHUTDOWN_SECONDS.
// For every object: the recommended labels (app.kubernetes.io/name,
// instance, component, part-of=dtr, version, managed-by=kustomize), the
// version being the tag of the workload's image (the dtr image's for objects
// of no workload). Also: ConfigMaps that pods use exist in the same file, and
// a PodDisruptionBudget leaves at least one replica free to evict.
// Certificates (cert-manager): each dtr-tls-* Secret a workload mounts is
// some Certificate's secretName, from an Issuer in the same file; a
// service's Certificate has its workload's name as commonName, the usages
// server auth and client auth, and as dnsNames every Service that selects
// the pods: <service>, <service>.<namespace>.svc and
// <service>.<namespace>.svc.cluster.local, in the Certificate's namespace;
// a Job's or CronJob's has client auth.
import fs from "node:fs";
import yaml from "js-yaml";

const REQUIRED_LABELS = [
  "app.kubernetes.io/name",
  "app.kubernetes.io/instance",
  "app.kubernetes.io/component",
  "app.kubernetes.io/part-of",
  "app.kubernetes.io/version",
  "app.kubernetes.io/managed-by",
];
const FIXED_LABELS = {
  "app.kubernetes.io/part-of": "dtr",
  "app.kubernetes.io/managed-by": "kustomize",
};
const WORKLOAD_KINDS = new Set([
  "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod",
]);
const RUN_TO_COMPLETION = new Set(["Job", "CronJob"]);
// dtr services that call the others, verifying them with DTR_TLS_CA (Jobs
// and CronJobs, dtctl, do too).
const CALLING_SERVICES = new Set(["report-service"]);
const TLS_SECRET_PREFIX = "dtr-tls-";
// The services' own defaults of --drain-seconds and --shutdown-seconds.
const DEFAULT_DRAIN_SECONDS = 5;
const DEFAULT_SHUTDOWN_SECONDS = 10;
// What dev's and prod's pod templates of one service may differ in.
const STORE_ENV = new Set(["DTR_DB", "DTR_DB_PASSWORD_FILE"]);
const STORE_VOLUMES = new Set(["data", "postgres-password"]);
const SCHEDULING_FIELDS = [
  "affinity", "nodeSelector", "tolerations", "topologySpreadConstraints",
  "priorityClassName",
];

function usage(message) {
  console.error(`validate: ${message}`);
  console.error("usage: node validate.mjs FILE...");
  console.error("       node validate.mjs --same-pods A.yaml B.yaml");
  process.exit(2);
}

function loadObjects(file) {
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    usage(`cannot read ${file}: ${e.message}`);
  }
  let docs;
  try {
    docs = yaml.loadAll(text);
  } catch (e) {
    usage(`${file} is not YAML: ${e.message}`);
  }
  return docs.filter((d) => d !== null && d !== undefined);
}

function idOf(obj) {
  const name = obj?.metadata?.name ?? "(no name)";
  return `${obj?.kind ?? "(no kind)"}/${name}`;
}

// The model class of an apiVersion and kind, or null when none is known.
const modelCache = new Map();
async function modelFor(apiVersion, kind) {
  const key = `${apiVersion} ${kind}`;
  if (modelCache.has(key)) return modelCache.get(key);
  const [group, version] = apiVersion.includes("/")
    ? apiVersion.split("/")
    : ["", apiVersion];
  let specifier;
  if (group === "monitoring.coreos.com") {
    specifier = `@kubernetes-models/prometheus-operator/${group}/${version}/${kind}`;
  } else if (group === "cert-manager.io") {
    specifier = `@kubernetes-models/cert-manager/${group}/${version}/${kind}`;
  } else if (group === "") {
    specifier = `kubernetes-models/${version}/${kind}`;
  } else {
    specifier = `kubernetes-models/${group}/${version}/${kind}`;
  }
  let model = null;
  try {
    const module = await import(specifier);
    model = module[kind] ?? null;
  } catch {
    model = null;
  }
  modelCache.set(key, model);
  return model;
}

async function schemaErrors(obj) {
  if (typeof obj !== "object" || Array.isArray(obj)) return ["not an object"];
  if (typeof obj.apiVersion !== "string" || typeof obj.kind !== "string") {
    return ["apiVersion or kind missing"];
  }
  const Model = await modelFor(obj.apiVersion, obj.kind);
  if (!Model) return [`no schema known for ${obj.apiVersion} ${obj.kind}`];
  try {
    new Model(obj).validate();
    return [];
  } catch (e) {
    if (Array.isArray(e.errors) && e.errors.length > 0) {
      return e.errors.map(
        (d) => `schema: ${d.instancePath || "/"} ${d.message}` +
          (d.params?.missingProperty ? ` (${d.params.missingProperty})` : ""),
      );
    }
    return [`schema: ${e.message}`];
  }
}

// The pod template's metadata and spec of a workload.
function podTemplateOf(obj) {
  switch (obj.kind) {
    case "Pod":
      return { metadata: obj.metadata, spec: obj.spec };
    case "CronJob":
      return obj.spec?.jobTemplate?.spec?.template;
    default:
      return obj.spec?.template;
  }
}

function imageTag(image) {
  if (typeof image !== "string" || image.includes("@")) return undefined;
  const lastSlash = image.lastIndexOf("/");
  const colon = image.indexOf(":", lastSlash + 1);
  return colon < 0 ? undefined : image.slice(colon + 1);
}

function isDtrImage(image) {
  if (typeof image !== "string") return false;
  const path = image.split("@")[0];
  const lastSlash = path.lastIndexOf("/");
  const name = path.slice(lastSlash + 1).split(":")[0];
  return name === "dtr";
}

function labelProblems(labels, where) {
  const problems = [];
  for (const key of REQUIRED_LABELS) {
    const value = labels?.[key];
    if (value === undefined || value === "") {
      problems.push(`${where}: label ${key} missing`);
    } else if (FIXED_LABELS[key] !== undefined && value !== FIXED_LABELS[key]) {
      problems.push(`${where}: label ${key} is "${value}", not "${FIXED_LABELS[key]}"`);
    }
  }
  return problems;
}

function hasProbeHandler(probe) {
  return ["exec", "httpGet", "tcpSocket", "grpc"].some((h) => probe?.[h] !== undefined);
}

// The value of an environment variable as the container will see it:
// env first, then the envFrom ConfigMaps of the same file.
function envValue(container, name, configMaps) {
  for (const e of container.env ?? []) {
    if (e.name === name && e.value !== undefined) return e.value;
  }
  for (const from of container.envFrom ?? []) {
    const ref = from.configMapRef?.name;
    const data = ref ? configMaps.get(ref)?.data : undefined;
    if (data && data[name] !== undefined) return data[name];
  }
  return undefined;
}

// Whether an environment variable is set at all, by env or by an envFrom
// ConfigMap of the same file, whatever its value (DTR_PLAINTEXT has no
// place in these manifests, not even "false").
function envSet(container, name, configMaps) {
  if ((container.env ?? []).some((e) => e.name === name)) return true;
  return (container.envFrom ?? []).some((from) => {
    const data = configMaps.get(from.configMapRef?.name)?.data;
    return data !== undefined && data[name] !== undefined;
  });
}

// The Secret volumes dtr-tls-* a container mounts: [{secretName, mount}].
function tlsMounts(container, volumes) {
  const out = [];
  for (const m of container.volumeMounts ?? []) {
    const v = volumes.find((vol) => vol.name === m.name);
    const secretName = v?.secret?.secretName;
    if (typeof secretName === "string" && secretName.startsWith(TLS_SECRET_PREFIX)) {
      out.push({ secretName, mount: m });
    }
  }
  return out;
}

// TLS of a container of the dtr image: a service serves it (mutual), a Job
// or the report service calls with it.
function tlsProblems(obj, container, where, configMaps, volumes) {
  const problems = [];
  const service = !RUN_TO_COMPLETION.has(obj.kind);
  const appName = podTemplateOf(obj)?.metadata?.labels?.["app.kubernetes.io/name"] ??
    obj.metadata?.name;
  if (envSet(container, "DTR_PLAINTEXT", configMaps)) {
    problems.push(`${where}: DTR_PLAINTEXT is set: plain text is for local development only`);
  }
  if ([...(container.command ?? []), ...(container.args ?? [])].some(
    (a) => a === "--plaintext" || String(a).startsWith("--plaintext="),
  )) {
    problems.push(`${where}: --plaintext given: plain text is for local development only`);
  }
  const mounts = tlsMounts(container, volumes);
  const own = service
    ? mounts.find((m) => m.secretName === `${TLS_SECRET_PREFIX}${appName}`)
    : mounts[0];
  if (!own) {
    problems.push(
      service
        ? `${where}: TLS Secret ${TLS_SECRET_PREFIX}${appName} is not mounted`
        : `${where}: no TLS Secret ${TLS_SECRET_PREFIX}* is mounted`,
    );
    return problems;
  }
  if (own.mount.readOnly !== true) {
    problems.push(`${where}: TLS Secret ${own.secretName} is not mounted readOnly`);
  }
  const required = ["DTR_TLS_CERT", "DTR_TLS_KEY"];
  if (service) required.push("DTR_TLS_CLIENT_CA");
  if (!service || CALLING_SERVICES.has(appName)) required.push("DTR_TLS_CA");
  const dir = own.mount.mountPath.replace(/\/+$/, "");
  for (const name of required) {
    const value = envValue(container, name, configMaps);
    if (value === undefined || value === "") {
      problems.push(`${where}: ${name} missing`);
    } else if (!value.startsWith(`${dir}/`)) {
      problems.push(`${where}: ${name} ${value} is not in ${dir}, the TLS Secret's mount`);
    }
  }
  return problems;
}

function containerProblems(obj, container, isInit, configMaps, podSecurity, volumes) {
  const where = `${isInit ? "init container" : "container"} ${container.name}`;
  const problems = [];
  const sc = container.securityContext ?? {};

  const runAsNonRoot = sc.runAsNonRoot ?? podSecurity.runAsNonRoot;
  if (runAsNonRoot !== true) problems.push(`${where}: runAsNonRoot: true missing`);
  const runAsUser = sc.runAsUser ?? podSecurity.runAsUser;
  if (runAsUser === 0) problems.push(`${where}: runs as user 0`);
  const seccomp = sc.seccompProfile?.type ?? podSecurity.seccompProfile?.type;
  if (seccomp !== "RuntimeDefault") {
    problems.push(`${where}: seccompProfile type RuntimeDefault missing`);
  }
  if (sc.allowPrivilegeEscalation !== false) {
    problems.push(`${where}: allowPrivilegeEscalation: false missing`);
  }
  if (sc.readOnlyRootFilesystem !== true) {
    problems.push(`${where}: readOnlyRootFilesystem: true missing`);
  }
  if (!(sc.capabilities?.drop ?? []).includes("ALL")) {
    problems.push(`${where}: capabilities drop ALL missing`);
  }
  if (sc.privileged === true) problems.push(`${where}: privileged`);

  for (const kind of ["requests", "limits"]) {
    for (const resource of ["cpu", "memory"]) {
      const value = container.resources?.[kind]?.[resource];
      if (value === undefined || value === null || value === "") {
        problems.push(`${where}: resources.${kind}.${resource} missing`);
      }
    }
  }

  if (!isInit && !RUN_TO_COMPLETION.has(obj.kind)) {
    const healthPort = (container.ports ?? []).find((p) => p.name === "health");
    if (isDtrImage(container.image) && !healthPort) {
      problems.push(`${where}: no container port named health`);
    }
    for (const probeName of ["livenessProbe", "readinessProbe", "startupProbe"]) {
      const probe = container[probeName];
      if (!probe) {
        if (probeName !== "startupProbe") problems.push(`${where}: ${probeName} missing`);
        continue;
      }
      if (!hasProbeHandler(probe)) {
        problems.push(`${where}: ${probeName} has no exec, httpGet, tcpSocket or grpc`);
        continue;
      }
      if (isDtrImage(container.image)) {
        // dtr serves grpc.health.v1 in plain text on the health port (the
        // kubelet speaks no TLS); a named port in a gRPC probe is not
        // accepted by the API server.
        if (!probe.grpc || !Number.isInteger(probe.grpc.port)) {
          problems.push(`${where}: ${probeName} is not a gRPC probe on a numeric port`);
        } else if (healthPort && probe.grpc.port !== healthPort.containerPort) {
          problems.push(
            `${where}: ${probeName} probes port ${probe.grpc.port}, not the health port ${healthPort.containerPort}`,
          );
        }
      }
    }
    if (isDtrImage(container.image) && healthPort) {
      const listen = envValue(container, "DTR_HEALTH_LISTEN", configMaps);
      if (listen === undefined || listen === "") {
        problems.push(`${where}: DTR_HEALTH_LISTEN missing: nothing serves the health port`);
      } else if (Number(listen.slice(listen.lastIndexOf(":") + 1)) !== healthPort.containerPort) {
        problems.push(
          `${where}: DTR_HEALTH_LISTEN ${listen} is not the health port ${healthPort.containerPort}`,
        );
      }
    }
  }
  if (!isInit && isDtrImage(container.image)) {
    problems.push(...tlsProblems(obj, container, where, configMaps, volumes));
  }
  return problems;
}

function workloadProblems(obj, configMaps, certificates) {
  const problems = [];
  const template = podTemplateOf(obj);
  const spec = template?.spec;
  if (!spec) return ["pod template missing"];
  if (obj.kind !== "Pod") {
    problems.push(...labelProblems(template.metadata?.labels, "pod template"));
  }
  if (obj.kind === "CronJob") {
    problems.push(...labelProblems(obj.spec?.jobTemplate?.metadata?.labels, "job template"));
  }
  if (spec.automountServiceAccountToken !== false) {
    problems.push("automountServiceAccountToken: false missing");
  }
  const podSecurity = spec.securityContext ?? {};
  const containers = spec.containers ?? [];
  const volumes = spec.volumes ?? [];
  for (const c of spec.initContainers ?? []) {
    problems.push(...containerProblems(obj, c, true, configMaps, podSecurity, volumes));
  }
  for (const c of containers) {
    problems.push(...containerProblems(obj, c, false, configMaps, podSecurity, volumes));
  }

  // On SIGTERM a dtr service drains, then lets calls finish: the kubelet
  // must not kill it before.
  if (!RUN_TO_COMPLETION.has(obj.kind)) {
    const grace = spec.terminationGracePeriodSeconds ?? 30;
    for (const c of containers) {
      if (!isDtrImage(c.image)) continue;
      const drain = Number(envValue(c, "DTR_DRAIN_SECONDS", configMaps) ?? DEFAULT_DRAIN_SECONDS);
      const shutdown = Number(
        envValue(c, "DTR_SHUTDOWN_SECONDS", configMaps) ?? DEFAULT_SHUTDOWN_SECONDS,
      );
      if (!(grace > drain + shutdown)) {
        problems.push(
          `container ${c.name}: terminationGracePeriodSeconds ${grace} is not above ` +
            `DTR_DRAIN_SECONDS + DTR_SHUTDOWN_SECONDS (${drain} + ${shutdown})`,
        );
      }
    }
  }

  // ConfigMaps the pod reads must be in the same rendering (a missing
  // generator entry shows up here rather than as a pod stuck creating).
  const used = [];
  for (const v of spec.volumes ?? []) {
    if (v.configMap?.name && v.configMap.optional !== true) used.push(v.configMap.name);
  }
  for (const c of [...(spec.initContainers ?? []), ...containers]) {
    for (const from of c.envFrom ?? []) {
      if (from.configMapRef?.name && from.configMapRef.optional !== true) {
        used.push(from.configMapRef.name);
      }
    }
    for (const e of c.env ?? []) {
      const ref = e.valueFrom?.configMapKeyRef;
      if (ref?.name && ref.optional !== true) used.push(ref.name);
    }
  }
  for (const name of new Set(used)) {
    if (!configMaps.has(name)) problems.push(`ConfigMap ${name} is not in the manifests`);
  }

  // The TLS Secrets come from cert-manager Certificates in the same
  // rendering, which also renew them.
  const namespace = obj.metadata?.namespace;
  for (const v of spec.volumes ?? []) {
    const name = v.secret?.secretName;
    if (typeof name !== "string" || !name.startsWith(TLS_SECRET_PREFIX)) continue;
    if (!certificates.some(
      (c) => c.spec?.secretName === name && c.metadata?.namespace === namespace,
    )) {
      problems.push(`Secret ${name} is issued by no Certificate in the manifests`);
    }
  }
  return problems;
}

// A cert-manager Certificate against the Issuer it names and the workloads
// that mount its Secret: a service's must name every Service of its pods as
// callers in the Certificate's namespace address it.
function certificateProblems(cert, objects) {
  const problems = [];
  const namespace = cert.metadata?.namespace;
  const spec = cert.spec ?? {};
  const issuerKind = spec.issuerRef?.kind ?? "Issuer";
  const issuer = objects.find(
    (o) => o?.kind === issuerKind && o.metadata?.name === spec.issuerRef?.name &&
      (issuerKind === "ClusterIssuer" || o.metadata?.namespace === namespace),
  );
  if (!issuer) problems.push(`issuer ${issuerKind}/${spec.issuerRef?.name} is not in the manifests`);
  // cert-manager's default usages.
  const usages = new Set(spec.usages ?? ["digital signature", "key encipherment"]);
  const dnsNames = spec.dnsNames ?? [];
  for (const w of objects) {
    if (!WORKLOAD_KINDS.has(w?.kind) || w.metadata?.namespace !== namespace) continue;
    const template = podTemplateOf(w);
    if (!(template?.spec?.volumes ?? []).some((v) => v.secret?.secretName === spec.secretName)) {
      continue;
    }
    const runs = RUN_TO_COMPLETION.has(w.kind);
    for (const usage of runs ? ["client auth"] : ["server auth", "client auth"]) {
      if (!usages.has(usage)) problems.push(`usage ${usage} missing (${idOf(w)} uses it)`);
    }
    if (runs) continue;
    const appName = template.metadata?.labels?.["app.kubernetes.io/name"] ?? w.metadata?.name;
    if (spec.commonName !== appName) {
      problems.push(`commonName is ${JSON.stringify(spec.commonName)}, not ${appName} (${idOf(w)})`);
    }
    if (namespace === undefined) {
      problems.push("metadata.namespace missing: the Services' names cannot be checked");
      continue;
    }
    for (const svc of objects) {
      if (svc?.kind !== "Service" || svc.metadata?.namespace !== namespace) continue;
      if (!selects({ matchLabels: svc.spec?.selector }, template.metadata?.labels)) continue;
      const name = svc.metadata.name;
      for (const dns of [name, `${name}.${namespace}.svc`, `${name}.${namespace}.svc.cluster.local`]) {
        if (!dnsNames.includes(dns)) problems.push(`dnsNames lack ${dns} (Service ${name})`);
      }
      for (const dns of dnsNames) {
        const other = dns.startsWith(`${name}.`) && /^([^.]+)\.svc(\.|$)/.exec(dns.slice(name.length + 1));
        if (other && other[1] !== namespace) {
          problems.push(`dnsNames name ${dns} in namespace ${other[1]}, not ${namespace}`);
        }
      }
    }
  }
  return problems;
}

function selects(selector, labels) {
  const match = selector?.matchLabels ?? {};
  if (Object.keys(match).length === 0 && !(selector?.matchExpressions?.length)) return false;
  for (const [k, v] of Object.entries(match)) if (labels?.[k] !== v) return false;
  for (const e of selector?.matchExpressions ?? []) {
    const has = labels !== undefined && Object.hasOwn(labels, e.key);
    const value = labels?.[e.key];
    if (e.operator === "In" && !(has && e.values.includes(value))) return false;
    if (e.operator === "NotIn" && has && e.values.includes(value)) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

function disruptionBudgetProblems(pdb, objects) {
  const minAvailable = pdb.spec?.minAvailable;
  if (!Number.isInteger(minAvailable)) return [];
  const problems = [];
  const namespace = pdb.metadata?.namespace;
  for (const w of objects) {
    if (!WORKLOAD_KINDS.has(w.kind) || RUN_TO_COMPLETION.has(w.kind) || w.kind === "Pod") continue;
    if (w.metadata?.namespace !== namespace) continue;
    if (!selects(pdb.spec.selector, podTemplateOf(w)?.metadata?.labels)) continue;
    const hpa = objects.find(
      (o) => o.kind === "HorizontalPodAutoscaler" &&
        o.metadata?.namespace === namespace &&
        o.spec?.scaleTargetRef?.kind === w.kind &&
        o.spec?.scaleTargetRef?.name === w.metadata?.name,
    );
    const replicas = hpa ? (hpa.spec.minReplicas ?? 1) : (w.spec?.replicas ?? 1);
    if (replicas <= minAvailable) {
      problems.push(
        `minAvailable ${minAvailable} with ${replicas} replica(s) of ${idOf(w)} ` +
          "blocks every eviction (node drains, upgrades)",
      );
    }
  }
  return problems;
}

async function validateFile(file) {
  const objects = loadObjects(file);
  const configMaps = new Map(
    objects.filter((o) => o?.kind === "ConfigMap").map((o) => [o.metadata?.name, o]),
  );
  const certificates = objects.filter(
    (o) => o?.kind === "Certificate" && o.apiVersion?.startsWith("cert-manager.io/"),
  );

  // The version each app.kubernetes.io/name runs, from its workloads' images;
  // objects of no workload belong to the dtr release.
  const versionOfName = new Map();
  let dtrVersion;
  for (const w of objects) {
    if (!WORKLOAD_KINDS.has(w?.kind)) continue;
    const containers = podTemplateOf(w)?.spec?.containers ?? [];
    const tag = imageTag(containers[0]?.image);
    const name = w.metadata?.labels?.["app.kubernetes.io/name"];
    if (tag !== undefined && name !== undefined) versionOfName.set(name, tag);
    for (const c of containers) {
      if (isDtrImage(c.image) && imageTag(c.image) !== undefined) dtrVersion = imageTag(c.image);
    }
  }

  let failed = 0;
  for (const obj of objects) {
    const problems = await schemaErrors(obj);
    if (typeof obj === "object" && !Array.isArray(obj)) {
      const labels = obj.metadata?.labels;
      problems.push(...labelProblems(labels, "metadata"));
      const expected = versionOfName.get(labels?.["app.kubernetes.io/name"]) ?? dtrVersion;
      const version = labels?.["app.kubernetes.io/version"];
      if (expected !== undefined && version !== undefined && version !== expected) {
        problems.push(`label app.kubernetes.io/version is "${version}", the image's tag "${expected}"`);
      }
      if (WORKLOAD_KINDS.has(obj.kind)) {
        problems.push(...workloadProblems(obj, configMaps, certificates));
        for (const c of podTemplateOf(obj)?.spec?.containers ?? []) {
          if (imageTag(c.image) === undefined && !String(c.image).includes("@")) {
            problems.push(`container ${c.name}: image ${c.image} has no tag`);
          }
        }
      }
      if (obj.kind === "PodDisruptionBudget") {
        problems.push(...disruptionBudgetProblems(obj, objects));
      }
      if (certificates.includes(obj)) {
        problems.push(...certificateProblems(obj, objects));
      }
    }
    const id = idOf(obj);
    if (problems.length === 0) {
      console.log(`  ok    ${id}`);
    } else {
      failed++;
      for (const p of problems) console.log(`  FAIL  ${id}: ${p}`);
    }
  }
  console.log(`${file}: ${objects.length} objects, ${failed} failed`);
  return failed === 0;
}

// A pod template with what may differ between dev and prod taken out, and
// generated ConfigMap names without their content hash.
function comparablePod(template, configMaps) {
  const t = structuredClone(template);
  const unhash = (name) =>
    configMaps.has(name) && /-[a-z0-9]{10}$/.test(name) ? name.slice(0, -11) : name;
  const spec = t.spec ?? {};
  for (const field of SCHEDULING_FIELDS) delete spec[field];
  spec.volumes = (spec.volumes ?? []).filter((v) => !STORE_VOLUMES.has(v.name));
  for (const v of spec.volumes) if (v.configMap?.name) v.configMap.name = unhash(v.configMap.name);
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    delete c.resources;
    c.env = (c.env ?? []).filter((e) => !STORE_ENV.has(e.name));
    c.volumeMounts = (c.volumeMounts ?? []).filter((m) => !STORE_VOLUMES.has(m.name));
    for (const from of c.envFrom ?? []) {
      if (from.configMapRef?.name) from.configMapRef.name = unhash(from.configMapRef.name);
    }
    for (const e of c.env) {
      const ref = e.valueFrom?.configMapKeyRef;
      if (ref?.name) ref.name = unhash(ref.name);
    }
  }
  return t;
}

function differences(a, b, path = "") {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const bothObjects = a && b && typeof a === "object" && typeof b === "object" &&
    Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) return [`${path || "/"}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const out = [];
  for (const k of keys) {
    const step = Array.isArray(a) && Array.isArray(b) && a[k]?.name !== undefined &&
        a[k]?.name === b[k]?.name
      ? `${k}(${a[k].name})`
      : k;
    out.push(...differences(a[k], b[k], `${path}/${step}`));
  }
  return out;
}

function samePods(fileA, fileB) {
  const load = (file) => {
    const objects = loadObjects(file);
    const configMaps = new Map(
      objects.filter((o) => o?.kind === "ConfigMap").map((o) => [o.metadata?.name, o]),
    );
    const workloads = new Map();
    for (const o of objects) {
      if (["Deployment", "StatefulSet", "DaemonSet"].includes(o?.kind)) {
        workloads.set(o.metadata?.name, comparablePod(podTemplateOf(o), configMaps));
      }
    }
    return workloads;
  };
  const a = load(fileA);
  const b = load(fileB);
  let compared = 0;
  let failed = 0;
  for (const [name, podA] of a) {
    if (!b.has(name)) continue;
    compared++;
    const diffs = differences(podA, b.get(name));
    if (diffs.length === 0) {
      console.log(`  same  ${name}`);
    } else {
      failed++;
      for (const d of diffs) console.log(`  FAIL  ${name}: pod templates differ at ${d}`);
    }
  }
  console.log(`${fileA} vs ${fileB}: ${compared} pod templates compared, ${failed} differ`);
  if (compared === 0) {
    console.log("  FAIL  no workload is named in both files");
    return false;
  }
  return failed === 0;
}

const args = process.argv.slice(2);
if (args[0] === "--same-pods") {
  if (args.length !== 3) usage("--same-pods takes two files");
  process.exit(samePods(args[1], args[2]) ? 0 : 1);
}
if (args.length === 0 || args.some((a) => a.startsWith("--"))) usage("no files given");
let ok = true;
for (const file of args) {
  if (!(await validateFile(file))) ok = false;
}
process.exit(ok ? 0 : 1);
