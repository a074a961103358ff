#!/usr/bin/env bash
# certflow `exec` target: import a renewed certificate into AWS Certificate Manager.
#
# certflow runs this like a certbot deploy hook, with
#   RENEWED_LINEAGE  folder holding fullchain.pem (leaf first, then intermediates) and privkey.pem
#   RENEWED_DOMAINS  the certificate's names, space separated (the first is its main name)
# and removes the folder afterwards. Re-importing into the same ARN keeps it attached to the load
# balancers and CloudFront distributions that use it, so they switch without any change of theirs.
#
# Which ARN: ACM_CERTIFICATE_ARN when set; else the ACM certificate tagged
# certflow-name=<CERTFLOW_CERTIFICATE or first domain>; else a new import, tagged so for next time.
# Needs the aws CLI with credentials allowed acm:ImportCertificate, acm:ListCertificates and
# acm:ListTagsForCertificate (e.g. from aws-actions/configure-aws-credentials with OIDC).
set -euo pipefail

: "${RENEWED_LINEAGE:?RENEWED_LINEAGE is not set: run this as a certflow exec target}"
: "${RENEWED_DOMAINS:?RENEWED_DOMAINS is not set: run this as a certflow exec target}"
region="${AWS_REGION:-${AWS_DEFAULT_REGION:-us-east-1}}"
read -r first_domain _ <<<"$RENEWED_DOMAINS"
tag_value="${CERTFLOW_CERTIFICATE:-$first_domain}"

fullchain="$RENEWED_LINEAGE/fullchain.pem"
key="$RENEWED_LINEAGE/privkey.pem"
for f in "$fullchain" "$key"; do
  [ -s "$f" ] || { echo "acm-import: $f is missing or empty (is needs-key: true set on the target?)" >&2; exit 1; }
done

# ACM wants the leaf and the intermediates apart: split fullchain.pem at its first certificate.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
awk -v leaf="$work/cert.pem" -v chain="$work/chain.pem" '
  /-----BEGIN CERTIFICATE-----/ { n++ }
  n == 1 { print > leaf; next }
  n > 1  { print > chain }
' "$fullchain"
[ -s "$work/cert.pem" ] || { echo "acm-import: no certificate in $fullchain" >&2; exit 1; }

arn="${ACM_CERTIFICATE_ARN:-}"
if [ -z "$arn" ]; then
  for candidate in $(aws acm list-certificates --region "$region" --query 'CertificateSummaryList[].CertificateArn' --output text); do
    found="$(aws acm list-tags-for-certificate --region "$region" --certificate-arn "$candidate" \
      --query "Tags[?Key=='certflow-name'].Value | [0]" --output text)"
    if [ "$found" = "$tag_value" ]; then arn="$candidate"; break; fi
  done
fi

args=(acm import-certificate --region "$region" --certificate "fileb://$work/cert.pem" --private-key "fileb://$key")
[ -s "$work/chain.pem" ] && args+=(--certificate-chain "fileb://$work/chain.pem")
if [ -n "$arn" ]; then
  # Tags cannot be given on a re-import; the ARN (and everything attached to it) stays the same.
  args+=(--certificate-arn "$arn")
else
  args+=(--tags "Key=certflow-name,Value=$tag_value" "Key=managed-by,Value=certflow")
fi
arn="$(aws "${args[@]}" --query CertificateArn --output text)"
echo "acm-import: $tag_value ($RENEWED_DOMAINS) imported as $arn in $region"
