// Issue 10, item 14: inputs that slipped past validation, each from its
// original form. The table-driven ones (center_box, sequence ticks, custom
// tags, deep nesting) are bad-scenarios files; these need a command line.
#include <sys/stat.h>

#include "e2e.hpp"

namespace lrbench::e2e {
namespace {

TEST(ValidationGaps, CoreSchemaTagsAreValuesNotStrings) {
  // `!!int 20` is YAML 1.2 for the integer 20; it was refused as the string "20".
  const fs::path dir = fresh_dir("gaps-int-tag");
  std::string text = read_file(kTiny);
  text.replace(text.find("epochs: 20"), std::string("epochs: 20").size(), "epochs: !!int 20");
  text.replace(text.find("lr: 0.1\n"), std::string("lr: 0.1\n").size(), "lr: !!float 0.1\n");
  write_file(dir / "tagged.yaml", text);
  const Result r = run_lrbench("run tagged.yaml --out out", dir);
  EXPECT_EQ(r.status, 0) << r.output;
  // `!!str 20` stays a string, which epochs cannot be.
  text.replace(text.find("!!int 20"), std::string("!!int 20").size(), "!!str 20");
  write_file(dir / "string.yaml", text);
  expect_refused(dir / "string.yaml", {"training.epochs: expected an integer in [1, 1000000], found the string \"20\""});
  fs::remove_all(dir);
}

TEST(ValidationGaps, AFifoOrAPipeIsRefusedWithWhatItIs) {
  const fs::path dir = fresh_dir("gaps-fifo");
  ASSERT_EQ(::mkfifo((dir / "scenario.yaml").c_str(), 0600), 0);
  // Refused without opening it: no writer is needed for the answer.
  expect_refused(dir / "scenario.yaml",
                 {"scenario.yaml: error: is a FIFO or pipe, not a regular file; save the scenario to a file and run "
                  "that"});
  const Result piped = lrbench::testing::run_command("cat " + quote(kTiny.string()) + " | " + quote(LRBENCH_EXE) +
                                                      " run /dev/stdin --out " + quote((dir / "out").string()));
  EXPECT_EQ(piped.status, 2) << piped.output;
  EXPECT_NE(piped.output.find("/dev/stdin: error: is a FIFO or pipe, not a regular file"), std::string::npos)
      << piped.output;
  EXPECT_FALSE(fs::exists(dir / "out"));
  fs::remove_all(dir);
}

TEST(ValidationGaps, ExtendingAFileThatIsNotAScenarioDoesNotEchoIt) {
  const fs::path dir = fresh_dir("gaps-extends");
  write_file(dir / "secret.txt", "alice:hunter2:1000:1000::/home/alice:/bin/sh\nbob:swordfish:1001\n");
  write_file(dir / "ext.yaml", "extends: secret.txt\n");
  expect_refused(dir / "ext.yaml", {"secret.txt:1:1: error: a file named by 'extends' must hold a map of scenario "
                                    "keys, found plain text (not shown)"});
  if (fs::exists("/etc/passwd")) {
    write_file(dir / "passwd.yaml", "extends: /etc/passwd\n");
    const Result r = run_lrbench("run passwd.yaml --out out", dir);
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_EQ(r.output.find("root:"), std::string::npos) << r.output;
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace lrbench::e2e
