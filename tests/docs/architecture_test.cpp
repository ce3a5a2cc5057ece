// docs/architecture.md must be true of the tree: every type, function, file,
// module and flag it names in `backticks` exists in the sources, and its
// module table lists framework/src/'s modules in the order
// framework/CMakeLists.txt adds them. A renamed or removed type makes this
// fail until the document follows.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path kRoot = LRBENCH_SOURCE_DIR;

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The code spans of a Markdown text, outside fenced blocks.
std::vector<std::string> code_spans(const std::string& md) {
  std::vector<std::string> spans;
  bool fenced = false;
  std::istringstream lines(md);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("```", 0) == 0) {
      fenced = !fenced;
      continue;
    }
    if (fenced) continue;
    for (std::size_t at = line.find('`'); at != std::string::npos;) {
      const std::size_t end = line.find('`', at + 1);
      if (end == std::string::npos) break;
      spans.push_back(line.substr(at + 1, end - at - 1));
      at = line.find('`', end + 1);
    }
  }
  return spans;
}

// The repository's files that say what exists: sources, headers, CMake.
struct Tree {
  std::vector<std::string> paths;  // relative to the root, '/'-separated
  std::string sources;             // every source and CMake file, concatenated
};

const Tree& tree() {
  static const Tree t = [] {
    Tree out;
    for (const char* top : {"framework", "plugins", "cmake", "tests/support"}) {
      for (const auto& e : fs::recursive_directory_iterator(kRoot / top)) {
        if (!e.is_regular_file()) continue;
        out.paths.push_back(fs::relative(e.path(), kRoot).generic_string());
        const std::string ext = e.path().extension().string();
        if (ext == ".hpp" || ext == ".cpp" || ext == ".txt" || ext == ".cmake") out.sources += read(e.path()) + "\n";
      }
    }
    for (const char* file : {"CMakeLists.txt", "tests/CMakeLists.txt"}) {
      out.paths.push_back(file);
      out.sources += read(kRoot / file) + "\n";
    }
    return out;
  }();
  return t;
}

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// `word` in the sources as a whole word right after `before` (e.g. "struct ").
bool declared_after(const std::string& before, const std::string& word) {
  const std::string& text = tree().sources;
  const std::string needle = before + word;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    const std::size_t end = at + needle.size();
    // "struct X" must start a word; "::X;" follows a namespace name.
    const bool starts = !is_word_char(before.front()) || at == 0 || !is_word_char(text[at - 1]);
    if (starts && (end == text.size() || !is_word_char(text[end]))) return true;
  }
  return false;
}

// A type: struct, class, enum or alias of that name, or a using-declaration.
bool type_exists(const std::string& name) {
  for (const char* kind : {"struct ", "class ", "enum class ", "using ", "concept "}) {
    if (declared_after(kind, name)) return true;
  }
  return declared_after("::", name + ";");
}

// A function or method: called or declared as name(.
bool function_exists(const std::string& name) {
  const std::string& text = tree().sources;
  for (std::size_t at = text.find(name + "("); at != std::string::npos; at = text.find(name + "(", at + 1)) {
    if (at == 0 || !is_word_char(text[at - 1])) return true;
  }
  return false;
}

// A file named by its path, its path below framework/src/ or the SDK, or its
// name alone; or a file lrbench writes, named in the sources as "name".
bool file_exists(const std::string& name) {
  for (const std::string& p : tree().paths) {
    if (p == name || p.ends_with("/" + name)) return true;
  }
  return fs::exists(kRoot / name) || fs::exists(kRoot / "docs" / name) ||
         tree().sources.find("\"" + name + "\"") != std::string::npos;
}

// A span with placeholders (`engine_<isa>.cpp`, `section_*.cpp`,
// `lrbench::<module>`): some path or some text of the sources matches.
bool pattern_exists(const std::string& span) {
  std::string re;
  for (std::size_t i = 0; i < span.size(); ++i) {
    const char c = span[i];
    if (c == '<') {
      i = span.find('>', i);
      re += "[A-Za-z0-9_]+";
    } else if (c == '*') {
      re += "[A-Za-z0-9_]*";
    } else if (std::string_view(".^$|()[]{}+?\\").find(c) != std::string_view::npos) {
      re += std::string("\\") + c;
    } else {
      re += c;
    }
  }
  const std::regex pattern(re);
  for (const std::string& p : tree().paths) {
    if (std::regex_search(p, pattern)) return true;
  }
  return std::regex_search(tree().sources, pattern);
}

// A command-line flag: its long name in the CLI's sources.
bool flag_exists(const std::string& span) {
  const std::string flag = span.substr(0, span.find(' '));
  return tree().sources.find("\"" + flag) != std::string::npos || tree().sources.find("," + flag) != std::string::npos;
}

// Terms in backticks that are not names in the code.
const std::vector<std::string> kNotCode = {
    "compare:",  // the YAML key of a comparison file (docs/comparisons.md)
};

bool exists(const std::string& span) {
  if (std::find(kNotCode.begin(), kNotCode.end(), span) != kNotCode.end()) return true;
  if (span.rfind("lrbench ", 0) == 0) return exists(span.substr(8));  // a command line
  if (span.rfind("--", 0) == 0) return flag_exists(span);
  if (span.find('<') != std::string::npos || span.find('*') != std::string::npos) return pattern_exists(span);
  if (span.ends_with("()")) return function_exists(span.substr(0, span.size() - 2));
  if (const std::size_t paren = span.find('('); paren != std::string::npos) {
    // A call written out, `data::load(spec) → Dataset`: its function's name.
    const std::string qualified = span.substr(0, paren);
    const std::size_t colons = qualified.rfind("::");
    return function_exists(colons == std::string::npos ? qualified : qualified.substr(colons + 2));
  }
  if (span.find('/') != std::string::npos || span.find('.') != std::string::npos) return file_exists(span);
  if (fs::is_directory(kRoot / "framework/src" / span)) return true;  // a module
  if (std::isupper(static_cast<unsigned char>(span[0])) && span.find('_') == std::string::npos) {
    return type_exists(span);
  }
  // A function, a YAML key or an environment variable, or a file's stem.
  if (function_exists(span) || tree().sources.find("\"" + span + "\"") != std::string::npos) return true;
  return std::any_of(tree().paths.begin(), tree().paths.end(),
                     [&](const std::string& p) { return fs::path(p).stem() == span; });
}

TEST(Architecture, EveryNameInBackticksExists) {
  const std::vector<std::string> spans = code_spans(read(kRoot / "docs/architecture.md"));
  ASSERT_GT(spans.size(), 40u);
  for (const std::string& span : spans) EXPECT_TRUE(exists(span)) << "docs/architecture.md names `" << span << "`";
}

TEST(Architecture, TheCheckRejectsNamesThatDoNotExist) {
  EXPECT_FALSE(exists("SvgFigure"));
  EXPECT_FALSE(exists("ConformanceResult"));
  EXPECT_FALSE(exists("DESIGN.md"));
  EXPECT_FALSE(exists("nearest_name"));
  EXPECT_FALSE(exists("kernels_<isa>.cpp"));
  EXPECT_FALSE(exists("--no-such-flag"));
  EXPECT_TRUE(exists("Rng"));
  EXPECT_TRUE(exists("fnv1a64"));
}

// The first capture of `pattern` on each line of `file` that matches it.
std::vector<std::string> captures(const fs::path& file, const std::regex& pattern) {
  std::vector<std::string> out;
  std::istringstream lines(read(file));
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_search(line, m, pattern)) out.push_back(m[1]);
  }
  return out;
}

TEST(Architecture, ModuleTableFollowsTheBuildOrder) {
  const std::vector<std::string> documented = captures(kRoot / "docs/architecture.md", std::regex(R"(^\| `([a-z]+)` \|)"));
  const std::vector<std::string> built =
      captures(kRoot / "framework/CMakeLists.txt", std::regex(R"(^add_subdirectory\(src/([a-z]+)\))"));
  EXPECT_EQ(documented, built);
  std::vector<std::string> folders;
  for (const auto& e : fs::directory_iterator(kRoot / "framework/src")) folders.push_back(e.path().filename().string());
  std::sort(folders.begin(), folders.end());
  std::vector<std::string> sorted = built;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, folders);
}

}  // namespace
