{{/* Chart name, truncated to the 63 characters a label value may hold. */}}
{{- define "canopy.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-scoped base name for every object. */}}
{{- define "canopy.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Name of one component's objects: <fullname>-<component>. */}}
{{- define "canopy.componentName" -}}
{{- printf "%s-%s" (include "canopy.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "canopy.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "canopy.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: canopy
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Labels that select one component's pods; never change them on upgrade. */}}
{{- define "canopy.selectorLabels" -}}
app.kubernetes.io/name: {{ include "canopy.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "canopy.componentLabels" -}}
{{ include "canopy.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Image reference: registry/repository:tag, the tag defaulting to the chart's appVersion. */}}
{{- define "canopy.image" -}}
{{- $img := .image }}
{{- $g := .root.Values.image }}
{{- $repo := $img.repository }}
{{- if $g.registry }}{{ $repo = printf "%s/%s" $g.registry $img.repository }}{{ end }}
{{- if $img.digest }}
{{- printf "%s@%s" $repo $img.digest }}
{{- else }}
{{- printf "%s:%s" $repo (default (default .root.Chart.AppVersion $g.tag) $img.tag) }}
{{- end }}
{{- end }}

{{/* Pod-level security for the restricted Pod Security Standard. */}}
{{- define "canopy.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
fsGroup: {{ .Values.securityContext.runAsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Container-level security for the restricted Pod Security Standard. */}}
{{- define "canopy.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* The one writable place a read-only container gets: an emptyDir on /tmp. */}}
{{- define "canopy.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
{{- end }}
{{- define "canopy.tmpMount" -}}
- name: tmp
  mountPath: /tmp
{{- end }}

{{/* Name of the Secret the chart creates for values given inline. */}}
{{- define "canopy.secretName" -}}
{{- printf "%s-secrets" (include "canopy.fullname" .) }}
{{- end }}

{{/*
One env var read from a Secret: the operator's existingSecret when set,
otherwise the chart's own Secret (which holds only inline values).
Arguments: root, name (env var), group (a values block with existingSecret), key (the key's value name in that block).
*/}}
{{- define "canopy.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ default (include "canopy.secretName" .root) .group.existingSecret }}
      key: {{ index .group.keys .key }}
{{- end }}

{{/* The secret keys a component needs, by component. */}}
{{- define "canopy.databaseEnv" -}}
{{ include "canopy.secretEnv" (dict "root" . "name" "DATABASE_URL" "group" .Values.database "key" "url") }}
{{- end }}
{{- define "canopy.s3Env" -}}
{{ include "canopy.secretEnv" (dict "root" . "name" "S3_ACCESS_KEY" "group" .Values.objectStore "key" "accessKey") }}
{{ include "canopy.secretEnv" (dict "root" . "name" "S3_SECRET_KEY" "group" .Values.objectStore "key" "secretKey") }}
{{- end }}

{{/* Restart pods when their configuration changes. */}}
{{- define "canopy.configChecksums" -}}
checksum/config: {{ include (print .Template.BasePath "/configmap.yaml") . | sha256sum }}
checksum/secret: {{ include (print .Template.BasePath "/secret.yaml") . | sha256sum }}
{{- end }}

{{/* topologySpreadConstraints spreading one component's pods over nodes and zones. */}}
{{- define "canopy.topologySpread" -}}
{{- if .root.Values.topologySpread.enabled }}
topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "canopy.selectorLabels" . | nindent 8 }}
  - maxSkew: 1
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "canopy.selectorLabels" . | nindent 8 }}
{{- end }}
{{- end }}

{{/* Scheduling knobs shared by every pod. */}}
{{- define "canopy.scheduling" -}}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{- define "canopy.serviceAccountName" -}}
{{- if .root.Values.serviceAccount.create }}
{{- include "canopy.componentName" . }}
{{- else }}
{{- "default" }}
{{- end }}
{{- end }}

{{/*
HorizontalPodAutoscaler on CPU. Arguments: root, name (the Deployment),
labels (a rendered label block), autoscaling (minReplicas, maxReplicas,
targetCPUUtilizationPercentage).
*/}}
{{- define "canopy.hpa" -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ .name }}
  labels:
    {{- .labels | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ .name }}
  minReplicas: {{ .autoscaling.minReplicas }}
  maxReplicas: {{ .autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .autoscaling.targetCPUUtilizationPercentage }}
{{- end }}

{{/* PodDisruptionBudget. Arguments: name, labels, selector (rendered), maxUnavailable. */}}
{{- define "canopy.pdb" -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ .name }}
  labels:
    {{- .labels | nindent 4 }}
spec:
  maxUnavailable: {{ .maxUnavailable }}
  selector:
    matchLabels:
      {{- .selector | nindent 6 }}
{{- end }}

{{/* Replicas a Deployment can have at the least: the HPA's minimum or the fixed count. */}}
{{- define "canopy.minReplicas" -}}
{{- if .autoscaling.enabled }}{{ .autoscaling.minReplicas }}{{ else }}{{ .replicaCount }}{{ end }}
{{- end }}

{{/* One egress rule to a dependency listed under networkPolicy.egress. Arguments: root, dep. */}}
{{- define "canopy.egressRule" -}}
{{- $dep := index .root.Values.networkPolicy.egress .dep -}}
{{- $ports := list -}}
{{- range $dep.ports }}{{ $ports = append $ports (dict "port" . "protocol" "TCP") }}{{ end -}}
{{- $rule := dict "ports" $ports -}}
{{- with $dep.to }}{{ $_ := set $rule "to" . }}{{ end -}}
{{- list $rule | toYaml -}}
{{- end }}

{{/* An ingress rule to the `http` port from the given peers, or from anywhere when there are none. */}}
{{- define "canopy.httpIngressRule" -}}
{{- include "canopy.portIngressRule" (dict "port" "http" "from" .) -}}
{{- end }}

{{/* An ingress rule to one named port ("port") from peers ("from"; any when empty). */}}
{{- define "canopy.portIngressRule" -}}
{{- $rule := dict "ports" (list (dict "port" .port "protocol" "TCP")) -}}
{{- with .from }}{{ $_ := set $rule "from" . }}{{ end -}}
{{- list $rule | toYaml -}}
{{- end }}

{{/* The dashboard's public address, where invitation emails link: web.publicUrl, the web Ingress, or the port-forward of the install notes. */}}
{{- define "canopy.webPublicUrl" -}}
{{- if .Values.web.publicUrl -}}
{{- trimSuffix "/" .Values.web.publicUrl -}}
{{- else if and .Values.ingress.enabled .Values.ingress.web.host -}}
{{- printf "%s://%s" (ternary "https" "http" .Values.ingress.tls.enabled) .Values.ingress.web.host -}}
{{- else -}}
http://localhost:8080
{{- end -}}
{{- end }}
