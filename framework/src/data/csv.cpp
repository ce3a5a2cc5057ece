// CSV files: comma-separated numbers, one label column, an optional header.
//
// - Cells are split on commas; a cell in double quotes may hold commas and
//   doubled quotes (""), as RFC 4180 writes them. Spaces around a cell are
//   ignored. Lines end in \n or \r\n; blank lines at the end are ignored.
// - The header (auto): the first row names the columns when one of its
//   cells is not a number where the second row has a number (a label column
//   of words does not count), as Python's csv.Sniffer reasons; a file of one
//   row has a header when any cell is not a number.
// - Feature cells must be finite numbers; the label column may hold numbers
//   or words, and each distinct value is a class, in sorted order (numbers
//   numerically). At least two classes.
// Every problem is a DataError naming the file and line.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <variant>

#include <fmt/format.h>

#include "data/kinds.hpp"
#include "util/files.hpp"

namespace lrbench::data {
namespace {

constexpr std::uintmax_t kMaxCsvBytes = std::uintmax_t{4} << 30;

struct Row {
  std::int64_t line = 0;
  std::vector<std::string> cells;
};

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return std::string(s.substr(first, last - first + 1));
}

std::vector<Row> split_rows(const std::string& text, const std::string& file) {
  std::vector<Row> rows;
  std::int64_t line = 1;
  std::size_t i = 0;
  while (i < text.size()) {
    Row row;
    row.line = line;
    std::string cell;
    bool quoted_cell = false;
    bool end_of_line = false;
    while (i < text.size() && !end_of_line) {
      const char c = text[i];
      if (c == '"' && trim(cell).empty()) {
        // A quoted cell: up to the closing quote; "" is a quote.
        cell.clear();
        quoted_cell = true;
        ++i;
        while (true) {
          if (i >= text.size()) throw DataError("a quoted cell is not closed", file, row.line);
          if (text[i] == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              cell += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (text[i] == '\n') ++line;
          cell += text[i++];
        }
        continue;
      }
      if (c == ',') {
        row.cells.push_back(quoted_cell ? cell : trim(cell));
        cell.clear();
        quoted_cell = false;
      } else if (c == '\n') {
        end_of_line = true;
      } else if (c != '\r' || (i + 1 < text.size() && text[i + 1] != '\n')) {
        cell += c;
      }
      ++i;
    }
    row.cells.push_back(quoted_cell ? cell : trim(cell));
    ++line;
    rows.push_back(std::move(row));
  }
  // Blank lines at the end (a trailing newline leaves none: the loop stops).
  while (!rows.empty() && rows.back().cells.size() == 1 && rows.back().cells[0].empty()) rows.pop_back();
  return rows;
}

std::optional<double> number(const std::string& cell) {
  if (cell.empty()) return std::nullopt;
  const char* first = cell.data() + (cell[0] == '+' ? 1 : 0);
  double v = 0.0;
  const auto [ptr, ec] = std::from_chars(first, cell.data() + cell.size(), v);
  if (ec != std::errc() || ptr != cell.data() + cell.size()) return std::nullopt;
  return v;
}

std::string text_of(const std::string& cell) { return cell.empty() ? "an empty cell" : "'" + cell + "'"; }

std::string read_whole(const std::string& file) {
  auto read = util::read_file_or_problem(file, kMaxCsvBytes);  // the one size-limited reader
  if (auto* content = std::get_if<std::string>(&read)) return std::move(*content);
  const util::ReadProblem& problem = std::get<util::ReadProblem>(read);
  switch (problem.kind) {
    case util::ReadProblem::Kind::unreadable: throw DataError("cannot read the file: " + problem.detail, file);
    case util::ReadProblem::Kind::folder: throw DataError("is a directory, not a CSV file", file);
    case util::ReadProblem::Kind::not_regular: throw DataError("is " + problem.detail + ", not a regular file", file);
    case util::ReadProblem::Kind::too_large: break;
  }
  throw DataError(fmt::format("the file is {} bytes; CSV files are limited to {} bytes", problem.detail, kMaxCsvBytes),
                  file);
}

// The file, parsed and checked: features row-major, labels as class indices.
struct Table {
  std::vector<std::string> feature_names;
  std::vector<double> values;
  std::vector<std::int32_t> y;
  std::int64_t rows = 0;
  std::int64_t features = 0;
  int classes = 0;
};

bool detect_header(const std::vector<Row>& rows) {
  if (rows.size() == 1) {  // a lone row of names is a header without data
    return std::any_of(rows[0].cells.begin(), rows[0].cells.end(), [](const auto& c) { return !number(c); });
  }
  const Row& first = rows[0];
  const Row& second = rows[1];
  for (std::size_t c = 0; c < first.cells.size() && c < second.cells.size(); ++c) {
    if (!number(first.cells[c]) && number(second.cells[c])) return true;
  }
  return false;
}

Table parse(const CsvSpec& spec) {
  const std::string& file = spec.file;
  const std::vector<Row> rows = split_rows(read_whole(file), file);
  if (rows.empty()) throw DataError("the file is empty; expected rows of comma-separated values", file);
  const bool header = spec.header == CsvHeader::present || (spec.header == CsvHeader::automatic && detect_header(rows));
  const std::size_t columns = rows[0].cells.size();
  const std::size_t first_data = header ? 1 : 0;
  if (rows.size() <= first_data) throw DataError("the file has a header but no data rows", file, 1);
  if (columns < 2) {
    throw DataError(fmt::format("expected at least 2 columns (features and a label), found {}", columns), file,
                    rows[0].line);
  }
  std::vector<std::string> names;
  if (header) {
    names = rows[0].cells;
  } else {
    for (std::size_t c = 0; c < columns; ++c) names.push_back("x" + std::to_string(c));
  }

  // The label column.
  std::size_t label = columns - 1;
  if (spec.label_index) {
    const std::int64_t i = *spec.label_index < 0 ? static_cast<std::int64_t>(columns) + *spec.label_index
                                                 : *spec.label_index;
    if (i < 0 || i >= static_cast<std::int64_t>(columns)) {
      throw DataError(fmt::format("label column {} does not exist: the file has {} columns (0 to {})",
                                  *spec.label_index, columns, columns - 1),
                      file, rows[0].line);
    }
    label = static_cast<std::size_t>(i);
  } else if (!spec.label_name.empty()) {
    if (!header) {
      throw DataError(fmt::format("label '{}' names a column, but the file has no header row; give the column's "
                                  "index (0-based) or set header: true",
                                  spec.label_name),
                      file, rows[0].line);
    }
    const auto it = std::find(names.begin(), names.end(), spec.label_name);
    if (it == names.end()) {
      std::string all;
      for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
      throw DataError(fmt::format("no column named '{}'; the header has: {}", spec.label_name, all), file, 1);
    }
    label = static_cast<std::size_t>(it - names.begin());
  }

  Table t;
  t.features = static_cast<std::int64_t>(columns - 1);
  for (std::size_t c = 0; c < columns; ++c) {
    if (c != label) t.feature_names.push_back(names[c]);
  }
  std::vector<std::string> labels;
  t.values.reserve((rows.size() - first_data) * (columns - 1));
  for (std::size_t r = first_data; r < rows.size(); ++r) {
    const Row& row = rows[r];
    if (row.cells.size() != columns) {
      throw DataError(fmt::format("expected {} cells (as the {} has), found {}", columns,
                                  header ? "header" : "first row", row.cells.size()),
                      file, row.line);
    }
    for (std::size_t c = 0; c < columns; ++c) {
      if (c == label) continue;
      const auto v = number(row.cells[c]);
      if (!v || !std::isfinite(*v)) {
        throw DataError(fmt::format("column '{}': expected a {}number, found {}", names[c], v ? "finite " : "",
                                    text_of(row.cells[c])),
                        file, row.line);
      }
      t.values.push_back(*v);
    }
    if (row.cells[label].empty()) {
      throw DataError(fmt::format("label column '{}': expected a class, found an empty cell", names[label]), file,
                      row.line);
    }
    labels.push_back(row.cells[label]);
  }
  t.rows = static_cast<std::int64_t>(labels.size());

  // Classes: the distinct labels, sorted (numerically when all are numbers).
  const bool numeric = std::all_of(labels.begin(), labels.end(), [](const std::string& l) { return number(l); });
  std::vector<std::string> classes(labels.begin(), labels.end());
  std::sort(classes.begin(), classes.end(), [&](const std::string& a, const std::string& b) {
    return numeric ? *number(a) < *number(b) : a < b;
  });
  classes.erase(std::unique(classes.begin(), classes.end(),
                            [&](const std::string& a, const std::string& b) {
                              return numeric ? *number(a) == *number(b) : a == b;
                            }),
                classes.end());
  if (classes.size() < 2) {
    throw DataError(fmt::format("label column '{}' holds a single class ('{}'); classification needs at least two",
                                names[label], classes.front()),
                    file);
  }
  std::map<std::string, std::int32_t> index;
  for (std::size_t k = 0; k < classes.size(); ++k) index[classes[k]] = static_cast<std::int32_t>(k);
  for (const auto& l : labels) {
    auto it = index.find(l);
    if (it == index.end()) {  // a numeric spelling of a class ("1.0" for "1")
      for (std::size_t k = 0; k < classes.size(); ++k) {
        if (*number(classes[k]) == *number(l)) it = index.find(classes[k]);
      }
    }
    t.y.push_back(it->second);
  }
  t.classes = static_cast<int>(classes.size());
  return t;
}

// shape_of parses the whole file (it is how the loader checks it); the
// loader asks once per variant, so the last few answers are kept, keyed by
// the file's identity (path, size, modification time) and the options.
Shape cached_shape(const CsvSpec& spec) {
  static std::mutex mutex;
  static std::map<std::string, Shape> cache;
  std::error_code ec;
  const auto size = std::filesystem::file_size(spec.file, ec);
  const auto time = std::filesystem::last_write_time(spec.file, ec);
  const std::string key = fmt::format("{}\n{}\n{}\n{}\n{}\n{}", spec.file, ec ? 0 : size,
                                      ec ? 0 : time.time_since_epoch().count(), spec.label_index.value_or(-999999),
                                      spec.label_name, static_cast<int>(spec.header));
  {
    const std::lock_guard lock(mutex);
    if (auto it = cache.find(key); it != cache.end() && !ec) return it->second;
  }
  const Table t = parse(spec);
  const Shape shape{t.rows, t.features, t.classes, 0};
  const std::lock_guard lock(mutex);
  if (cache.size() >= 16) cache.clear();
  cache[key] = shape;
  return shape;
}

}  // namespace

Source read(const CsvSpec& spec) {
  Table t = parse(spec);
  Source source;
  source.rows.count = t.rows;
  source.rows.features = t.features;
  source.rows.f64 = std::move(t.values);
  source.rows.y = std::move(t.y);
  source.num_classes = t.classes;
  source.feature_names = std::move(t.feature_names);
  source.standardize = spec.standardize;
  return source;
}

Shape shape_of(const CsvSpec& spec) { return cached_shape(spec); }

nlohmann::json to_json(const CsvSpec& c) {
  nlohmann::json label = c.label_index ? nlohmann::json(*c.label_index)
                                       : c.label_name.empty() ? nlohmann::json(-1) : nlohmann::json(c.label_name);
  return {{"kind", "csv"},
          {"path", c.path},
          {"label", label},
          {"header", std::string(kCsvHeaderNames.name(c.header))},
          {"standardize", c.standardize}};
}

std::string describe(const CsvSpec& c) {
  const Shape s = shape_of(c);
  const std::string label = c.label_index ? fmt::format("column {}", *c.label_index)
                            : c.label_name.empty() ? std::string("the last column")
                                                   : fmt::format("column '{}'", c.label_name);
  return fmt::format("CSV file `{}`: {} rows, {} features, {} classes (label: {}){}", c.path, s.rows, s.features,
                     s.classes.value_or(0), label,
                     c.standardize ? ", features standardised (mean 0, std 1 on the training rows)" : "");
}

std::uint32_t random_state_of(const CsvSpec&) { return 0; }

}  // namespace lrbench::data
