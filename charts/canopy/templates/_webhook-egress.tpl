{{/*
Worker egress rules that open a webhook port to every address (an empty `to`
on a port the webhooks rule also lists): with one of them, the webhooks rule's
public-only limit does not hold, and only the worker's own check keeps
members' webhooks off private addresses. One warning line per such rule.
*/}}
{{- define "canopy.webhookEgressWarnings" -}}
{{- $np := .Values.networkPolicy -}}
{{- if and $np.enabled $np.egress.webhooks.enabled -}}
{{- $lines := list -}}
{{- range list "postgres" "temporal" "objectStore" "smtp" "stripe" -}}
{{- $dep := index $np.egress . -}}
{{- $shared := list -}}
{{- range $dep.ports }}{{ if has . $np.egress.webhooks.ports }}{{ $shared = append $shared (toString (int .)) }}{{ end }}{{ end -}}
{{- if and (not $dep.to) $shared -}}
{{- $lines = append $lines (printf "WARNING: networkPolicy.egress.%s.to is empty, so the worker may reach any address on port %s, private ones too; set it to keep webhooks off them (docs/deploy.md, Webhook egress)." . (join ", " $shared)) -}}
{{- end -}}
{{- end -}}
{{- join "\n" $lines -}}
{{- end -}}
{{- end -}}
