#!/bin/sh
# Entry point of the single-user image (issue 21). On Kubernetes each user runs under its
# own uid (deploy/helm/config.yaml, iasante-isolation), which has no line in /etc/passwd:
# nbgrader (pwd.getpwuid) and other tools would fail. nss_wrapper gives that uid the name
# « jovyan », so nbgrader names submissions after $JUPYTERHUB_USER as with the stock uid.
# Under uid 1000 (jovyan) nothing changes.
set -eu
if ! getent passwd "$(id -u)" >/dev/null 2>&1; then
  passwd_file="${TMPDIR:-/tmp}/passwd.$(id -u)"
  group_file="${TMPDIR:-/tmp}/group.$(id -u)"
  grep -v '^jovyan:' /etc/passwd > "$passwd_file"
  echo "jovyan:x:$(id -u):$(id -g):jovyan:${HOME:-/home/jovyan}:/bin/bash" >> "$passwd_file"
  cp /etc/group "$group_file"
  getent group "$(id -g)" >/dev/null 2>&1 || echo "jovyan:x:$(id -g):" >> "$group_file"
  export LD_PRELOAD=libnss_wrapper.so NSS_WRAPPER_PASSWD="$passwd_file" NSS_WRAPPER_GROUP="$group_file"
fi
exec "$@"
