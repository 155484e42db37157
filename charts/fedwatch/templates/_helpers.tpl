{{/*
Chart name, truncated to 63 characters (the DNS label limit).
*/}}
{{- define "fedwatch.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name: <release>-<chart>, or the release name when it already contains the
chart name. Truncated to 63 characters.
*/}}
{{- define "fedwatch.fullname" -}}
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

{{/*
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "fedwatch.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels of every resource.
*/}}
{{- define "fedwatch.labels" -}}
helm.sh/chart: {{ include "fedwatch.chart" . }}
{{ include "fedwatch.selectorLabels" . }}
app.kubernetes.io/version: {{ include "fedwatch.imageTag" . | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: fedwatch
{{- end }}

{{/*
Selector labels: stable over upgrades (a Deployment's selector cannot change).
*/}}
{{- define "fedwatch.selectorLabels" -}}
app.kubernetes.io/name: {{ include "fedwatch.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Name of the ServiceAccount the pod runs as.
*/}}
{{- define "fedwatch.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "fedwatch.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Image tag: image.tag, else the chart's appVersion.
*/}}
{{- define "fedwatch.imageTag" -}}
{{- .Values.image.tag | default .Chart.AppVersion | toString }}
{{- end }}

{{/*
Image reference: repository:tag, or repository@digest when a digest is given.
*/}}
{{- define "fedwatch.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (include "fedwatch.imageTag" .) }}
{{- end }}
{{- end }}

{{/*
Name of the Secret holding the API tokens (the chart's own, or api.tokens.existingSecret).
*/}}
{{- define "fedwatch.tokensSecretName" -}}
{{- if .Values.api.tokens.existingSecret }}
{{- .Values.api.tokens.existingSecret }}
{{- else }}
{{- printf "%s-api-tokens" (include "fedwatch.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/*
"true" when the chart renders the API tokens Secret (inline tokens, API authentication on).
*/}}
{{- define "fedwatch.createTokensSecret" -}}
{{- if and (eq (toString .Values.api.auth) "tokens") (not .Values.api.tokens.existingSecret) .Values.api.tokens.items }}true{{ end }}
{{- end }}

{{/*
"true" when an external PostgreSQL is configured (from a Secret, or a password-less URL in config).
*/}}
{{- define "fedwatch.externalDatabase" -}}
{{- if or .Values.database.existingSecret (dig "database" "url" "" (.Values.config | default dict)) }}true{{ end }}
{{- end }}

{{/*
Name of the PVC for the data directory.
*/}}
{{- define "fedwatch.pvcName" -}}
{{- .Values.persistence.existingClaim | default (printf "%s-data" (include "fedwatch.fullname" .)) }}
{{- end }}

{{/*
Name of the metrics Service; the ServiceMonitor's series carry it as their job label.
*/}}
{{- define "fedwatch.metricsServiceName" -}}
{{- printf "%s-metrics" (include "fedwatch.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Container port that serves /metrics: "metrics" with config.metricsPort, else "http".
*/}}
{{- define "fedwatch.metricsTargetPort" -}}
{{- if dig "metricsPort" nil (.Values.config | default dict) }}metrics{{ else }}http{{ end }}
{{- end }}

{{/*
Label matchers of this release's series in alert expressions (metrics.prometheusRule.selector, or
those the ServiceMonitor produces).
*/}}
{{- define "fedwatch.ruleSelector" -}}
{{- if .Values.metrics.prometheusRule.selector }}
{{- .Values.metrics.prometheusRule.selector }}
{{- else }}
{{- printf "job=%q,namespace=%q" (include "fedwatch.metricsServiceName" .) .Release.Namespace }}
{{- end }}
{{- end }}

{{/*
Container security context, pod security context and the pod-level settings shared by the
Deployment and the migration Job.
*/}}
{{- define "fedwatch.podSchedulingAndSecurity" -}}
serviceAccountName: {{ include "fedwatch.serviceAccountName" . }}
automountServiceAccountToken: {{ .Values.serviceAccount.automountToken }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/*
DATABASE_URL for a container: from database.existingSecret, or config.database.url (password-less).
*/}}
{{- define "fedwatch.databaseUrlEnv" -}}
{{- if .Values.database.existingSecret }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.existingSecret }}
      key: {{ .Values.database.existingSecretKey | default "url" }}
{{- end }}
{{- end }}

{{/*
Checks the values and fails rendering with an explanation when they cannot give a working pod.
Included by deployment.yaml, so every render runs it.
*/}}
{{- define "fedwatch.validateValues" -}}
{{- $config := .Values.config | default dict }}
{{- if not (kindIs "map" $config) }}
{{- fail "fedwatch: config must be a map (it is rendered as fedwatch.yaml)" }}
{{- end }}
{{- /* API authentication */}}
{{- $auth := toString .Values.api.auth }}
{{- if not (has $auth (list "tokens" "none")) }}
{{- fail (printf "fedwatch: api.auth must be \"tokens\" or \"none\", not %q" $auth) }}
{{- end }}
{{- if and .Values.api.tokens.existingSecret .Values.api.tokens.items }}
{{- fail "fedwatch: set only one of api.tokens.existingSecret and api.tokens.items" }}
{{- end }}
{{- if and (eq $auth "tokens") (not .Values.api.tokens.existingSecret) (not .Values.api.tokens.items) }}
{{- fail "fedwatch: api.auth is \"tokens\" but no API tokens are configured, and the service refuses to listen on 0.0.0.0 without tokens. Set api.tokens.items (rendered into a Secret) or api.tokens.existingSecret, or set api.auth=none explicitly." }}
{{- end }}
{{- range $i, $t := .Values.api.tokens.items }}
{{- if not (kindIs "map" $t) }}
{{- fail (printf "fedwatch: api.tokens.items[%d] must be a map {name, role, token}" $i) }}
{{- end }}
{{- if not $t.name }}
{{- fail (printf "fedwatch: api.tokens.items[%d].name is required" $i) }}
{{- end }}
{{- if not (has (toString $t.role) (list "read" "admin")) }}
{{- fail (printf "fedwatch: api.tokens.items[%d].role must be \"read\" or \"admin\"" $i) }}
{{- end }}
{{- if not $t.token }}
{{- fail (printf "fedwatch: api.tokens.items[%d].token is required" $i) }}
{{- end }}
{{- end }}
{{- /* No secrets in the ConfigMap */}}
{{- if dig "api" "tokens" nil $config }}
{{- fail "fedwatch: config.api.tokens is not allowed: config is rendered into a ConfigMap. Use api.tokens.items or api.tokens.existingSecret." }}
{{- end }}
{{- $withPassword := "^[^:/?#]+://[^/?#@]*:[^/?#@]*@" }}
{{- if regexMatch $withPassword (toString (dig "database" "url" "" $config)) }}
{{- fail "fedwatch: config.database.url contains a password, and config is rendered into a ConfigMap. Put the URL into a Secret and set database.existingSecret." }}
{{- end }}
{{- if regexMatch $withPassword (toString (dig "federation" "amqp" "url" "" $config)) }}
{{- fail "fedwatch: config.federation.amqp.url contains a password, and config is rendered into a ConfigMap. Put the URL into a Secret and set amqp.existingSecret." }}
{{- end }}
{{- /* Replicas and the embedded database */}}
{{- $replicas := int .Values.replicaCount }}
{{- if and (gt $replicas 1) (not (include "fedwatch.externalDatabase" .)) }}
{{- fail (printf "fedwatch: replicaCount is %d but no external database is configured: each replica would keep its own embedded database and publish every record again. Set database.existingSecret (a Secret with a PostgreSQL URL) or keep replicaCount=1." $replicas) }}
{{- end }}
{{- if and (gt $replicas 1) .Values.persistence.enabled }}
{{- fail (printf "fedwatch: persistence.enabled with replicaCount %d: one data volume cannot be shared by several pods. With an external database the data directory needs no persistence; set persistence.enabled=false." $replicas) }}
{{- end }}
{{- if regexMatch "[{,]\"(token|password|secret)\":[^n]" (toJson $config) }}
{{- fail "fedwatch: config holds a secret in clear (a key named token, password or secret), and config is rendered into a ConfigMap. Use the *File form (tokenFile, passwordFile, secretFile: secrets/<key>) and put the value into the Secret named by credentials.existingSecret, mounted at /etc/fedwatch/secrets." }}
{{- end }}
{{- if and .Values.signing.existingSecret (dig "federation" "signing" "certificate" nil $config) }}
{{- fail "fedwatch: set only one of signing.existingSecret and config.federation.signing: with signing.existingSecret the chart sets the certificate and key paths itself." }}
{{- end }}
{{- if and .Values.signing.existingSecret (dig "federation" "signing" "key" nil $config) }}
{{- fail "fedwatch: set only one of signing.existingSecret and config.federation.signing: with signing.existingSecret the chart sets the certificate and key paths itself." }}
{{- end }}
{{- /* Monitoring, disruption budget, migrations */}}
{{- if and .Values.metrics.serviceMonitor.enabled (not .Values.metrics.service.enabled) }}
{{- fail "fedwatch: metrics.serviceMonitor.enabled needs metrics.service.enabled: the ServiceMonitor scrapes the metrics Service." }}
{{- end }}
{{- $pdb := .Values.podDisruptionBudget }}
{{- if and $pdb.enabled (not (kindIs "invalid" $pdb.minAvailable)) (not (kindIs "invalid" $pdb.maxUnavailable)) }}
{{- fail "fedwatch: set only one of podDisruptionBudget.minAvailable and podDisruptionBudget.maxUnavailable (set the other to null)." }}
{{- end }}
{{- if and .Values.migrations.job.enabled (not (include "fedwatch.externalDatabase" .)) }}
{{- fail "fedwatch: migrations.job.enabled needs an external database (database.existingSecret or config.database.url): a Job cannot reach the embedded database inside the pod's data directory, and the service migrates it at start." }}
{{- end }}
{{- /* Graceful shutdown */}}
{{- $grace := int (dig "shutdownGraceSeconds" 30 $config) }}
{{- if le (int .Values.terminationGracePeriodSeconds) $grace }}
{{- fail (printf "fedwatch: terminationGracePeriodSeconds (%d) must be larger than config.shutdownGraceSeconds (%d), or Kubernetes kills running jobs and publishes." (int .Values.terminationGracePeriodSeconds) $grace) }}
{{- end }}
{{- end }}
