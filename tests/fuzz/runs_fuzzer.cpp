// libFuzzer target: any bytes as a runs.jsonl, then through the report.
//
// The reader's contract: records, or util::BadFile naming "FILE:LINE:" (a
// torn last line is a warning). Every record it returns serialises again
// (valid UTF-8, no exception from dump) and reads back the same. The report
// built from them (a plan of exactly these runs) is computed and rendered,
// summary.json, README.md and a figure, without any exception: the file is
// read back from disk, so anything in it must be survivable downstream.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "report/markdown.hpp"
#include "report/report.hpp"
#include "report/summary.hpp"
#include "report/svg.hpp"
#include "run/jsonl.hpp"
#include "util/files.hpp"

namespace {

[[noreturn]] void broken(const char* what) {
  std::fprintf(stderr, "runs_fuzzer: invariant broken: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace lrbench;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> warnings;
  std::vector<run::RunRecord> records;
  try {
    records = run::parse_runs(text, "fuzz.jsonl", warnings);
  } catch (const util::BadFile& e) {
    if (std::string_view(e.what()).rfind("fuzz.jsonl:", 0) != 0) broken("a BadFile that does not name the line");
    return 0;
  }
  for (const run::RunRecord& r : records) {
    const nlohmann::json j = run::to_json(r);
    const run::RunRecord back = run::record_from_json(nlohmann::json::parse(j.dump()));
    if (run::to_json(back) != j) broken("a record does not survive a round trip");
  }

  report::ScenarioMeta meta;
  meta.name = "fuzz";
  std::map<std::string, std::size_t> variant_of;
  for (const run::RunRecord& r : records) {
    auto [it, added] = variant_of.emplace(r.label, meta.variants.size());
    if (added) {
      meta.variants.push_back(r.label);
      meta.configs.push_back(r.config);
      meta.run_ids.emplace_back();
    }
    meta.run_ids[it->second].push_back(r.id);
  }
  meta.seeds = {0};
  const report::Summary summary = report::summarize(meta, records);
  static_cast<void>(report::to_json(summary).dump());
  static_cast<void>(report::render_readme(meta, summary, {}, warnings));
  static_cast<void>(report::svg::render(report::accuracy_figure(meta, records)));
  if (report::has_lr_per_update(records)) static_cast<void>(report::svg::render(report::lr_updates_figure(meta, records)));
  return 0;
}
