#!/usr/bin/env bash
# Regenerates the parameter tables in docs/plugins.md from the declarations of
# the plugins an lrbench build loads (`lrbench plugins --markdown`): every
# block between "<!-- BEGIN GENERATED: NAME -->" and "<!-- END GENERATED -->"
# is replaced; a loaded plugin without a block gets a new section at the end
# (with a TODO for its hand-written formula and reference); a block whose
# plugin is not loaded is removed. The hand-written text is left alone.
#
#   scripts/update-plugin-docs.sh [--check] [LRBENCH]
#
# LRBENCH is the lrbench executable (default: $LRBENCH, else
# build/release/bin/lrbench, else the first build/*/bin/lrbench). Only the
# plugins of that build are loaded (no LRBENCH_PLUGIN_PATH, no --plugin-dir).
# --check changes nothing: it prints the difference and exits 1 when
# docs/plugins.md is out of date (the sdk.plugin_docs test).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
doc="$root/docs/plugins.md"
check=0
if [[ "${1:-}" == "--check" ]]; then
  check=1
  shift
fi
lrbench="${1:-${LRBENCH:-}}"
if [[ -z "$lrbench" ]]; then
  for candidate in "$root/build/release/bin/lrbench" "$root"/build/*/bin/lrbench; do
    if [[ -x "$candidate" ]]; then
      lrbench="$candidate"
      break
    fi
  done
fi
if [[ -z "$lrbench" || ! -x "$lrbench" ]]; then
  echo "update-plugin-docs: no lrbench executable found; build one or pass its path" >&2
  exit 2
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
LRBENCH_PLUGIN_PATH= "$lrbench" plugins --markdown > "$tmp/generated.md"
if ! grep -q '^<!-- BEGIN GENERATED: ' "$tmp/generated.md"; then
  echo "update-plugin-docs: $lrbench loaded no plugins" >&2
  exit 2
fi

awk -v generated="$tmp/generated.md" '
  BEGIN {
    begin = "<!-- BEGIN GENERATED: "; end = "<!-- END GENERATED -->"
    while ((getline line < generated) > 0) {
      if (index(line, begin) == 1) {
        name = substr(line, length(begin) + 1, length(line) - length(begin) - 4)
        order[++count] = name
        block[name] = ""
        inside = 1
      }
      if (inside) block[name] = block[name] line "\n"
      if (line == end) inside = 0
    }
  }
  index($0, begin) == 1 {
    name = substr($0, length(begin) + 1, length($0) - length(begin) - 4)
    if (name in block) {
      printf "%s", block[name]
      used[name] = 1
    } else {
      print "update-plugin-docs: no loaded plugin is named " name "; its generated table is dropped" > "/dev/stderr"
    }
    skipping = 1
    next
  }
  skipping { if ($0 == end) skipping = 0; next }
  { print }
  END {
    for (i = 1; i <= count; ++i) {
      if (order[i] in used) continue
      printf "\n### %s\n\nTODO: the formula, the reference paper and where each default comes from.\n\n%s", order[i], block[order[i]]
      print "update-plugin-docs: added a section for " order[i] "; write its formula and reference" > "/dev/stderr"
    }
  }
' "$doc" > "$tmp/plugins.md"

if cmp -s "$doc" "$tmp/plugins.md"; then
  exit 0
fi
if [[ $check == 1 ]]; then
  diff -u "$doc" "$tmp/plugins.md" | sed 's/^/  /' >&2 || true
  echo "docs/plugins.md disagrees with the plugins' declarations (above: what it should be)." >&2
  echo "Run scripts/update-plugin-docs.sh to regenerate its tables, and review the hand-written sections." >&2
  exit 1
fi
cp "$tmp/plugins.md" "$doc"
echo "updated $doc"
