#!/usr/bin/env bash
# Starts a throw-away Ceph cluster for tests: one monitor, one memstore OSD and radosgw, all on
# 127.0.0.1, no cephx, data in RAM. Creates an S3 user with fixed keys and prints the settings to use.
# Safe to re-run: a previous cluster under the same folder is stopped and wiped first.
#
#   RGW_DIR   working folder (default /tmp/helium-rgw)
#   RGW_PORT  S3 port (default 7480)
#   RGW_MEMSTORE_BYTES  OSD capacity held in RAM, used only as filled (default 4 GiB)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
dir=${RGW_DIR:-/tmp/helium-rgw}
port=${RGW_PORT:-7480}
memstore_bytes=${RGW_MEMSTORE_BYTES:-4294967296}
access_key=${RGW_ACCESS_KEY:-HELIUMTESTACCESSKEY1}
secret_key=${RGW_SECRET_KEY:-heliumTestSecretKey0123456789abcdefABCDEF}

for tool in ceph-mon ceph-osd radosgw radosgw-admin monmaptool ceph curl uuidgen; do
  command -v "$tool" >/dev/null || { echo "start.sh: $tool not found (apt-get install -y radosgw ceph-mon ceph-osd curl uuid-runtime)" >&2; exit 1; }
done

"$here/stop.sh" >/dev/null 2>&1 || true
rm -rf "$dir"
mkdir -p "$dir"/{run,log,mon/a,osd/0}
conf="$dir/ceph.conf"
fsid=$(uuidgen)

cat > "$conf" <<CONF
[global]
fsid = $fsid
mon_host = [v2:127.0.0.1:3300,v1:127.0.0.1:6789]
public_addr = 127.0.0.1
cluster_addr = 127.0.0.1
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
# Without cephx only the crc connection mode exists; radosgw asks for secure by default and then
# fails to authenticate (EACCES) until it times out.
ms_cluster_mode = crc
ms_service_mode = crc
ms_client_mode = crc
ms_mon_cluster_mode = crc
ms_mon_service_mode = crc
ms_mon_client_mode = crc
run_dir = $dir/run
pid_file = $dir/run/\$name.pid
admin_socket = $dir/run/\$name.asok
log_file = $dir/log/\$name.log
osd_pool_default_size = 1
osd_pool_default_min_size = 1
mon_allow_pool_size_one = true
mon_warn_on_pool_no_redundancy = false
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
mon_max_pg_per_osd = 1000
osd_crush_chooseleaf_type = 0
[mon]
mon_data = $dir/mon/\$id
[osd]
osd_data = $dir/osd/\$id
osd_objectstore = memstore
memstore_device_bytes = $memstore_bytes
osd_max_object_size = 1073741824
[client.rgw]
# tcp_nodelay: without it every small response waits ~40 ms for delayed ACKs.
rgw_frontends = beast endpoint=127.0.0.1:$port tcp_nodelay=1
rgw_thread_pool_size = 64
rgw_enable_usage_log = false
# The data of deleted objects is freed within seconds, not after the default two hours: tests that put
# and delete objects of a gigabyte would otherwise fill the memstore.
rgw_gc_obj_min_wait = 2
rgw_gc_processor_period = 5
rgw_gc_processor_max_time = 5
CONF

monmaptool --create --clobber --fsid "$fsid" --addv a "[v2:127.0.0.1:3300,v1:127.0.0.1:6789]" "$dir/monmap" >/dev/null
ceph-mon -c "$conf" -i a --mkfs --monmap "$dir/monmap"
ceph-mon -c "$conf" -i a

# The OSD's own fsid must be the one registered with the monitor, or its boot is ignored.
osd_uuid=$(uuidgen)
ceph -c "$conf" --connect-timeout 30 osd new "$osd_uuid" >/dev/null
ceph-osd -c "$conf" -i 0 --mkfs --osd-uuid "$osd_uuid" >/dev/null 2>&1
ceph-osd -c "$conf" -i 0

radosgw -c "$conf" -n client.rgw

echo "start.sh: waiting for radosgw on 127.0.0.1:$port" >&2
for _ in $(seq 1 120); do
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then break; fi
  sleep 0.5
done
curl -s -o /dev/null "http://127.0.0.1:$port/" || { echo "start.sh: radosgw did not come up; see $dir/log" >&2; exit 1; }

radosgw-admin -c "$conf" user create --uid=helium --display-name="Helium Imager tests" \
  --access-key="$access_key" --secret-key="$secret_key" >/dev/null

cat > "$dir/env" <<ENV
export HELIUM_TEST_S3_URL=http://127.0.0.1:$port
export HELIUM_TEST_S3_ACCESS_KEY=$access_key
export HELIUM_TEST_S3_SECRET_KEY=$secret_key
ENV
echo "start.sh: radosgw ready at http://127.0.0.1:$port (settings in $dir/env)" >&2
