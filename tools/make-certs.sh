#!/bin/sh
# A throw-away certificate authority and certificates for local stacks and
# tests (never for production: keys are written unencrypted, valid 2 days).
#   make-certs.sh DIR ca NAME              a CA: DIR/NAME.crt, DIR/NAME.key
#   make-certs.sh DIR server NAME CA HOST...  a service's certificate for
#                                          these host names / IPs, also good
#                                          as a client (service to service)
#   make-certs.sh DIR client NAME CA       a caller's certificate, CN=NAME
#   make-certs.sh DIR signer NAME CA CN [O]  a document signer's certificate
#                                          (a person's or an agency's),
#                                          RSA 2048 as on signing tokens,
#                                          for digital signature and
#                                          non-repudiation; DIR/NAME.pem
#                                          holds it and the CA's
# Certificates are signed by DIR/CA.crt; keys are P-256 but signers'.
set -eu
dir=$1
kind=$2
name=$3
mkdir -p "$dir"
cd "$dir"
newkey() {
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
    -out "$1.key" 2>/dev/null
  chmod 600 "$1.key"
}
case "$kind" in
ca)
  newkey "$name"
  openssl req -x509 -new -key "$name.key" -out "$name.crt" -days 2 \
    -subj "/CN=$name" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  ;;
server | client)
  ca=$4
  shift 4
  newkey "$name"
  if [ "$kind" = server ]; then
    san=""
    for host in "$@"; do
      case "$host" in
        *[!0-9.]*) entry="DNS:$host" ;;
        *) entry="IP:$host" ;;
      esac
      san="${san:+$san,}$entry"
    done
    usage="serverAuth,clientAuth"
  else
    san="DNS:$name"
    usage="clientAuth"
  fi
  printf 'subjectAltName=%s\nextendedKeyUsage=%s\n' "$san" "$usage" \
    >"$name.ext"
  openssl req -new -key "$name.key" -subj "/CN=$name" -out "$name.csr" \
    2>/dev/null
  openssl x509 -req -in "$name.csr" -CA "$ca.crt" -CAkey "$ca.key" \
    -CAcreateserial -days 2 -extfile "$name.ext" -out "$name.crt" \
    2>/dev/null
  rm -f "$name.csr" "$name.ext"
  ;;
signer)
  ca=$4
  subject="/CN=$5${6:+/O=$6}/C=VN"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
    -out "$name.key" 2>/dev/null
  chmod 600 "$name.key"
  printf 'keyUsage=critical,digitalSignature,nonRepudiation\n' >"$name.ext"
  openssl req -new -utf8 -key "$name.key" -subj "$subject" -out "$name.csr" \
    2>/dev/null
  openssl x509 -req -in "$name.csr" -CA "$ca.crt" -CAkey "$ca.key" \
    -CAcreateserial -days 2 -extfile "$name.ext" -out "$name.crt" \
    2>/dev/null
  cat "$name.crt" "$ca.crt" >"$name.pem"
  rm -f "$name.csr" "$name.ext"
  ;;
*)
  echo "usage: make-certs.sh DIR ca|server|client|signer NAME [CA [HOST...|CN [O]]]" >&2
  exit 2
  ;;
esac
