// The shared input and output helpers: the size-limited reader, the atomic
// writer, the JSON depth check, text sanitising, reserved names, the lock.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "util/files.hpp"
#include "util/folder_lock.hpp"
#include "util/json_input.hpp"
#include "util/output_names.hpp"
#include "util/text.hpp"

namespace lrbench::util {
namespace {

namespace fs = std::filesystem;

// A fresh folder for one test, removed afterwards.
class Scratch {
 public:
  Scratch() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() /
            ("lrbench-util-" + std::to_string(::getpid()) + "-" + info->test_suite_name() + "-" + info->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~Scratch() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void spit(const fs::path& p, const std::string& content) { std::ofstream(p, std::ios::binary) << content; }

template <class F>
std::string error_of(F f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no exception)";
}

// --- read_file_limited ----------------------------------------------------------

TEST(ReadFileLimited, ReadsARegularFileWhole) {
  Scratch tmp;
  std::string big(200'000, 'x');
  big += "end";
  spit(tmp.path() / "a.json", big);
  EXPECT_EQ(read_file_limited(tmp.path() / "a.json"), big);
  EXPECT_EQ(read_file_limited(tmp.path() / "a.json", big.size()), big);
}

TEST(ReadFileLimited, RefusesWhatIsNotARegularFileWithoutReadingIt) {
  Scratch tmp;
  // /dev/zero would never end; a FIFO without a writer would block forever.
  EXPECT_EQ(error_of([] { (void)read_file_limited("/dev/zero"); }),
            "/dev/zero: is a character device; lrbench reads only regular files");
  const fs::path fifo = tmp.path() / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(error_of([&] { (void)read_file_limited(fifo); }),
            fifo.string() + ": is a FIFO or pipe; lrbench reads only regular files");
  EXPECT_EQ(error_of([&] { (void)read_file_limited(tmp.path()); }),
            tmp.path().string() + ": is a folder; lrbench reads only regular files");
  EXPECT_EQ(error_of([&] { (void)read_file_limited(tmp.path() / "missing"); }),
            (tmp.path() / "missing").string() + ": cannot be read: No such file or directory");
}

TEST(ReadFileLimited, RefusesAFileOverTheLimitNamingItAndTheFlag) {
  Scratch tmp;
  spit(tmp.path() / "big", std::string(1001, 'x'));
  EXPECT_EQ(error_of([&] { (void)read_file_limited(tmp.path() / "big", 1000); }),
            (tmp.path() / "big").string() +
                ": the file is 1001 bytes, more than the limit of 1000 bytes (raise it with --max-input-mb)");
  EXPECT_THROW((void)read_file_limited(tmp.path() / "big", 1000), BadFile);
}

// --- write_file_atomically ------------------------------------------------------

TEST(WriteFileAtomically, CreatesFoldersAndReplacesLeavingNoTemporaryFile) {
  Scratch tmp;
  const auto file = tmp.path() / "a" / "b" / "x.txt";
  write_file_atomically(file, "one");
  write_file_atomically(file, "two");
  EXPECT_EQ(read_file_limited(file), "two");
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(file.parent_path())) ++entries;
  EXPECT_EQ(entries, 1);
}

TEST(WriteFileAtomically, ReplacesASymlinkInsteadOfWritingThroughIt) {
  Scratch tmp;
  spit(tmp.path() / "victim", "precious");
  fs::create_symlink(tmp.path() / "victim", tmp.path() / "link");
  write_file_atomically(tmp.path() / "link", "new");
  EXPECT_EQ(read_file_limited(tmp.path() / "victim"), "precious");
  EXPECT_FALSE(fs::is_symlink(tmp.path() / "link"));
  EXPECT_EQ(read_file_limited(tmp.path() / "link"), "new");
}

TEST(WriteFileAtomically, AFailureIsAnIoErrorWithTheFileAndTheOsReason) {
  // A file where a folder is needed fails for root too (unlike permissions).
  Scratch tmp;
  spit(tmp.path() / "plain", "x");
  const fs::path target = tmp.path() / "plain" / "sub" / "out.md";
  const std::string message = error_of([&] { write_file_atomically(target, "x"); });
  EXPECT_EQ(message, "cannot create the folder " + (tmp.path() / "plain" / "sub").string() + ": Not a directory");
  EXPECT_THROW(write_file_atomically(target, "x"), IoError);
}

// --- JSON input -----------------------------------------------------------------

TEST(JsonInput, DepthIsCountedOutsideStringsOnly) {
  EXPECT_EQ(find_excess_depth(R"({"a": [1, {"b": 2}]})", 3), std::string_view::npos);
  EXPECT_EQ(find_excess_depth(R"({"a": [1, {"b": 2}]})", 2), 10U);  // the '{' of level 3
  EXPECT_EQ(find_excess_depth(R"({"a": "[[[[[[\"[[[["})", 1), std::string_view::npos);
  EXPECT_EQ(find_excess_depth("[[]][[]]", 2), std::string_view::npos);
}

TEST(JsonInput, A200000LevelDocumentIsABadFileNotAStackOverflow) {
  const std::string deep = "{\"config\": " + std::string(200'000, '[') + std::string(200'000, ']') + "}";
  EXPECT_EQ(error_of([&] { (void)parse_json(deep, "runs.jsonl"); }),
            "runs.jsonl: nested deeper than 64 levels (line 1); raise the limit with --max-json-depth");
  InputLimits generous;
  generous.max_json_depth = 300'000;  // what the limit protects against
  EXPECT_EQ(error_of([&] { (void)parse_json("[[1]]", "x.json", generous); }), "(no exception)");
}

TEST(JsonInput, InvalidJsonNamesTheSourceAndThePosition) {
  const std::string message = error_of([] { (void)parse_json("{\"a\": 1,\n oops}", "summary.json"); });
  EXPECT_EQ(message.rfind("summary.json: not valid JSON (parse error at line 2, column 2", 0), 0U) << message;
  EXPECT_EQ(message.find("[json.exception"), std::string::npos) << message;
}

// --- text -----------------------------------------------------------------------

TEST(ValidUtf8, KeepsValidTextAndReplacesEveryBadByte) {
  EXPECT_EQ(valid_utf8("plain ascii"), "plain ascii");
  EXPECT_EQ(valid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(valid_utf8("caf\xE9"), "caf" + fffd);                       // Latin-1
  EXPECT_EQ(valid_utf8("\xC0\xAF"), fffd + fffd);                      // overlong '/'
  EXPECT_EQ(valid_utf8("\xED\xA0\x80"), fffd + fffd + fffd);           // a surrogate
  EXPECT_EQ(valid_utf8("\xF4\x90\x80\x80"), fffd + fffd + fffd + fffd);  // above U+10FFFF
  EXPECT_EQ(valid_utf8("\xE2\x82"), fffd + fffd);                      // cut short
  EXPECT_EQ(valid_utf8(std::string("a\0b", 3)), std::string("a\0b", 3));  // NUL is valid UTF-8
}

TEST(MarkdownText, LabelsCannotInjectHeadingsHtmlOrTableCells) {
  EXPECT_EQ(markdown_text("lr=0.1, momentum=0.9"), "lr=0.1, momentum=0.9");
  EXPECT_EQ(markdown_text("a\n# Heading"), "a\xE2\x90\x8A\\# Heading");  // ␊
  EXPECT_EQ(markdown_text("<script>x</script>"), "&lt;script&gt;x&lt;/script&gt;");
  EXPECT_EQ(markdown_text("a|b"), "a\\|b");
  EXPECT_EQ(markdown_text("*x* _y_ [l](u) `c` ![i]"), "\\*x\\* \\_y\\_ \\[l\\](u) \\`c\\` \\!\\[i\\]");
  EXPECT_EQ(markdown_text("&amp;"), "&amp;amp;");
}

TEST(MarkdownCode, StaysOneCodeSpanInOneTableCell) {
  EXPECT_EQ(markdown_code("optimizer/sgd/1000"), "`optimizer/sgd/1000`");
  EXPECT_EQ(markdown_code("a`b"), "``a`b``");
  EXPECT_EQ(markdown_code("`x"), "`` `x ``");
  EXPECT_EQ(markdown_code("a|b\nc"), "`a\\|b\xE2\x90\x8A" "c`");
}

// --- reserved names -------------------------------------------------------------

TEST(OutputNames, EveryWrittenNameIsReservedInAnyCase) {
  for (const std::string_view name : kWrittenNames) EXPECT_TRUE(is_reserved_output_name(name)) << name;
  EXPECT_TRUE(is_reserved_output_name("readme.md"));
  EXPECT_TRUE(is_reserved_output_name("RUNS.JSONL"));
  EXPECT_FALSE(is_reserved_output_name("README"));
  EXPECT_FALSE(is_reserved_output_name("01-learning-rate"));
}

// --- folder lock ----------------------------------------------------------------

TEST(FolderLock, OneHolderAtATimeAndTheOtherLearnsWho) {
  Scratch tmp;
  FolderLock first(tmp.path() / "scenario");
  ASSERT_TRUE(first.try_lock());
  first.describe_holder("lrbench run a.yaml");
  // flock locks belong to the open file: a second open, even in this
  // process, is refused as another process would be.
  FolderLock second(tmp.path() / "scenario");
  EXPECT_FALSE(second.try_lock());
  const std::string holder = second.holder();
  EXPECT_EQ(holder.rfind("pid " + std::to_string(::getpid()) + " on host ", 0), 0U) << holder;
  EXPECT_NE(holder.find(" UTC: lrbench run a.yaml"), std::string::npos) << holder;
  {
    FolderLock moved = std::move(first);  // the lock moves with it
    EXPECT_FALSE(second.try_lock());
  }
  EXPECT_TRUE(second.try_lock()) << "released when its holder is gone";
}

TEST(FolderLock, DoesNotFollowASymlinkedLockFile) {
  Scratch tmp;
  spit(tmp.path() / "victim", "precious");
  fs::create_directories(tmp.path() / "scenario");
  fs::create_symlink(tmp.path() / "victim", tmp.path() / "scenario" / std::string(kLockFile));
  EXPECT_THROW(FolderLock(tmp.path() / "scenario"), IoError);
  EXPECT_EQ(read_file_limited(tmp.path() / "victim"), "precious");
}

TEST(OwnCommandLine, NamesTheProgram) { EXPECT_NE(own_command_line().find("util_test"), std::string::npos); }

}  // namespace
}  // namespace lrbench::util
