// Typed views of the parts of rendered manifests the tests look into.
import type { Manifest } from './kube.ts';

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}

export interface Container {
  name: string;
  image: string;
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  securityContext?: Record<string, unknown>;
  livenessProbe?: { httpGet?: { path: string } };
  readinessProbe?: { httpGet?: { path: string } };
  startupProbe?: { httpGet?: { path: string } };
  volumeMounts?: { name: string; mountPath: string }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

export interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  securityContext?: Record<string, unknown>;
  containers: Container[];
  initContainers?: Container[];
  volumes?: { name: string; emptyDir?: unknown }[];
}

const workloadKinds = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'];

/** Every manifest that runs pods, with its pod spec. */
export function podSpecs(manifests: Manifest[]): { owner: string; pod: PodSpec }[] {
  const out: { owner: string; pod: PodSpec }[] = [];
  for (const m of manifests) {
    const spec = m.spec as { template?: { spec: PodSpec } } & PodSpec;
    if (workloadKinds.includes(m.kind) && spec.template) {
      out.push({ owner: `${m.kind}/${m.metadata.name}`, pod: spec.template.spec });
    } else if (m.kind === 'Pod') {
      out.push({ owner: `Pod/${m.metadata.name}`, pod: spec });
    }
  }
  return out;
}

export function podSpecOf(m: Manifest): PodSpec {
  const spec = m.spec as { template?: { spec: PodSpec } } & PodSpec;
  return spec.template ? spec.template.spec : spec;
}

export function container(m: Manifest, name?: string): Container {
  const pod = podSpecOf(m);
  const c = name ? pod.containers.find((x) => x.name === name) : pod.containers[0];
  if (!c) throw new Error(`${m.kind}/${m.metadata.name} has no container ${name ?? ''}`);
  return c;
}

export function envOf(c: Container, name: string): EnvVar | undefined {
  return c.env?.find((e) => e.name === name);
}
