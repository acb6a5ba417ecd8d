//! The cost of the API-server rules and lint on a typical 150-line Pod, parsed once, and of the quantity parser.
//!
//! Rules run on every keystroke, so they must stay well under 50 µs for a Pod of this size.

use podls_engine::model::version::Target;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use podls_engine::diagnostics::rules;
use podls_engine::model::quantity::Quantity;

/// A Pod that uses most of what the rules look at: two containers and a sidecar, ports, env, probes, volumes of
/// several kinds, resources, tolerations, affinity, spread constraints and security contexts.
const POD: &str = r#"apiVersion: v1
kind: Pod
metadata:
  name: shop-frontend
  namespace: shop
  labels:
    app.kubernetes.io/name: shop
    app.kubernetes.io/component: frontend
    tier: web
  annotations:
    example.com/owner: team-shop
    controller.kubernetes.io/pod-deletion-cost: "100"
spec:
  serviceAccountName: shop
  priorityClassName: high
  terminationGracePeriodSeconds: 45
  securityContext:
    runAsUser: 1000
    runAsGroup: 3000
    fsGroup: 2000
    seccompProfile: {type: RuntimeDefault}
    sysctls:
    - {name: net.ipv4.ip_local_port_range, value: "1024 65535"}
  initContainers:
  - name: migrate
    image: registry.example.com/shop/migrate:2.4.1
    command: [/bin/migrate, --to, latest]
    env:
    - name: DATABASE_URL
      valueFrom:
        secretKeyRef: {name: shop-db, key: url}
  - name: log-shipper
    image: fluent/fluent-bit:3.0.7
    restartPolicy: Always
    resources:
      requests: {cpu: 50m, memory: 32Mi}
      limits: {memory: 64Mi}
    volumeMounts:
    - {name: logs, mountPath: /var/log/shop, readOnly: true}
  containers:
  - name: web
    image: registry.example.com/shop/web:2.4.1
    imagePullPolicy: IfNotPresent
    args: [--port=8080, --metrics-port=9090]
    ports:
    - {name: http, containerPort: 8080}
    - {name: metrics, containerPort: 9090}
    env:
    - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
    - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
    - {name: CPU_LIMIT, valueFrom: {resourceFieldRef: {resource: limits.cpu, divisor: 1m}}}
    - {name: FEATURE_FLAGS, valueFrom: {configMapKeyRef: {name: shop-config, key: flags}}}
    - {name: LOG_LEVEL, value: info}
    envFrom:
    - configMapRef: {name: shop-config}
      prefix: SHOP_
    resources:
      requests: {cpu: 250m, memory: 256Mi, ephemeral-storage: 1Gi}
      limits: {cpu: "1", memory: 512Mi, ephemeral-storage: 2Gi}
    livenessProbe:
      httpGet: {path: /healthz, port: http}
      initialDelaySeconds: 10
      periodSeconds: 10
      failureThreshold: 3
    readinessProbe:
      httpGet:
        path: /ready
        port: http
        httpHeaders: [{name: X-Probe, value: readiness}]
      periodSeconds: 5
      successThreshold: 2
    startupProbe:
      tcpSocket: {port: 8080}
      failureThreshold: 30
    lifecycle:
      preStop: {sleep: {seconds: 5}}
    securityContext:
      allowPrivilegeEscalation: false
      readOnlyRootFilesystem: true
      capabilities: {drop: [ALL]}
    volumeMounts:
    - {name: config, mountPath: /etc/shop, readOnly: true}
    - {name: cache, mountPath: /var/cache/shop}
    - {name: logs, mountPath: /var/log/shop}
    - {name: token, mountPath: /var/run/secrets/tokens}
    - {name: podinfo, mountPath: /etc/podinfo}
  - name: worker
    image: registry.example.com/shop/worker:2.4.1
    args: [--queue=orders]
    ports:
    - {name: admin, containerPort: 7070}
    resources:
      requests: {cpu: 100m, memory: 128Mi}
      limits: {cpu: 500m, memory: 256Mi}
    livenessProbe:
      exec: {command: [/bin/worker, health]}
    volumeMounts:
    - {name: config, mountPath: /etc/shop, readOnly: true}
    - {name: cache, mountPath: /var/cache/shop, subPath: worker}
  volumes:
  - name: config
    configMap:
      name: shop-config
      defaultMode: 0444
      items:
      - {key: app.yaml, path: app.yaml}
      - {key: flags, path: flags.json, mode: 0400}
  - name: cache
    emptyDir: {sizeLimit: 1Gi}
  - name: logs
    emptyDir: {}
  - name: token
    projected:
      sources:
      - serviceAccountToken: {path: token, expirationSeconds: 3600, audience: shop}
      - configMap: {name: kube-root-ca.crt, items: [{key: ca.crt, path: ca.crt}]}
  - name: podinfo
    downwardAPI:
      items:
      - {path: labels, fieldRef: {fieldPath: metadata.labels}}
      - {path: mem, resourceFieldRef: {containerName: web, resource: limits.memory, divisor: 1Mi}}
  tolerations:
  - {key: dedicated, operator: Equal, value: shop, effect: NoSchedule}
  - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - {key: kubernetes.io/arch, operator: In, values: [amd64, arm64]}
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 50
        preference:
          matchExpressions: [{key: topology.kubernetes.io/zone, operator: In, values: [a, b]}]
    podAntiAffinity:
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          labelSelector: {matchLabels: {app.kubernetes.io/name: shop}}
          topologyKey: kubernetes.io/hostname
  topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: ScheduleAnyway
    labelSelector: {matchLabels: {app.kubernetes.io/name: shop}}
  dnsConfig:
    options: [{name: ndots, value: "2"}]
"#;

fn bench(c: &mut Criterion) {
    let root = podls_engine::syntax::parse(POD).root.expect("the benchmark Pod parses");
    let pod = podls_engine::model::workload::carrier("Pod").expect("the Pod is a carrier");
    assert!(
        rules::check(POD, &root, pod, &[], &Target::default())
            .iter()
            .all(|d| d.severity != podls_engine::diagnostics::Severity::Error),
        "the benchmark Pod is valid"
    );
    c.bench_function("rules/150-line pod", |b| {
        b.iter(|| rules::check(black_box(POD), black_box(&root), pod, &[], &Target::default()))
    });
    c.bench_function("rules/quantity parse", |b| {
        b.iter(|| {
            for q in ["500m", "1Gi", "0.5", "129e6", "256M", "1GB"] {
                let _ = black_box(Quantity::parse(black_box(q)));
            }
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
