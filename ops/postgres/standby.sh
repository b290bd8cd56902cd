#!/usr/bin/env bash
# A streaming-replication standby of $MILK_PRIMARY_HOST: an empty data directory is first copied
# from the primary (pg_basebackup, which writes standby.signal and primary_conninfo), then the
# server runs in recovery, following the primary. The copy streams through the replication slot
# milk_standby, which keeps on the primary the WAL the standby has not yet received: drop it there
# (SELECT pg_drop_replication_slot('milk_standby')) if the standby is removed for good.
set -euo pipefail
PGPASSWORD="$(< "$MILK_REPLICATION_PASSWORD_FILE")"
export PGPASSWORD
primary=(--host "$MILK_PRIMARY_HOST" --username milk_replication)
# The copy is done only once marked so: a copy cut off (its task killed mid-way) starts again from empty.
if [[ ! -f "$PGDATA/.milk-copied" ]]; then
  find "$PGDATA" -mindepth 1 -delete
  until pg_isready --quiet "${primary[@]}" --dbname postgres; do
    echo "waiting for the primary $MILK_PRIMARY_HOST"
    sleep 2
  done
  # A slot left by an earlier standby whose volume is gone would refuse the new copy's.
  pg_receivewal "${primary[@]}" --slot milk_standby --drop-slot 2> /dev/null || true
  pg_basebackup "${primary[@]}" --pgdata "$PGDATA" --wal-method stream --create-slot --slot milk_standby \
    --write-recovery-conf --checkpoint fast
  chmod 700 "$PGDATA"
  touch "$PGDATA/.milk-copied"
  echo "copied from the primary $MILK_PRIMARY_HOST; starting as its standby"
fi
# pg_basebackup wrote the password into primary_conninfo; the server needs it in no environment.
unset PGPASSWORD
# hot_standby_feedback: a long read on the standby (an export streams for minutes) holds back the
# primary's clean-up of the rows it reads instead of being cancelled by their replay.
exec postgres -c listen_addresses='*' -c hot_standby_feedback=on
