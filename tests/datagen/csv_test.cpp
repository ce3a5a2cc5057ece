// CSV files: what loads, and a table of bad inputs, each with its message.
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "data/dataset.hpp"

namespace lrbench::data {
namespace {

namespace fs = std::filesystem;

fs::path scratch() {
  const fs::path dir = fs::temp_directory_path() / ("lrbench-csv-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

CsvSpec csv(const std::string& name, const std::string& content) {
  const fs::path file = scratch() / name;
  std::ofstream(file, std::ios::binary) << content;
  CsvSpec spec;
  spec.path = name;
  spec.file = file.string();
  spec.label_index = -1;
  return spec;
}

SplitSpec half() { return SplitSpec{}; }

TEST(Csv, HeaderDetectedLabelsByNameAndWordsBecomeSortedClasses) {
  CsvSpec spec = csv("iris.csv",
                     "sepal,petal,species\n"
                     "1.0,2,setosa\n"
                     "2.5,-1e-3,virginica\n"
                     "\"3\", 4 ,setosa\r\n"
                     "4,5,versicolor\n"
                     "\n");
  spec.label_index.reset();
  spec.label_name = "species";
  const Shape s = shape(spec);
  EXPECT_EQ(s.rows, 4);
  EXPECT_EQ(s.features, 2);
  EXPECT_EQ(s.classes, 3);
  SplitSpec split;
  split.train = Amount{false, 2, 0.0};
  const Dataset d = load(DataSpec{spec, split});
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"sepal", "petal"}));
  EXPECT_EQ(d.num_classes, 3);
  EXPECT_EQ(d.train.y, (std::vector<std::int32_t>{0, 2}));  // setosa < versicolor < virginica
  EXPECT_EQ(d.test.y, (std::vector<std::int32_t>{0, 1}));
  EXPECT_EQ(d.train.x(1, 1), -1e-3f);
  EXPECT_EQ(d.test.x(0, 0), 3.0f);
}

TEST(Csv, NoHeaderNumericLabelsByIndexAndStandardisationFitOnTraining) {
  CsvSpec spec = csv("plain.csv", "1,10,0\n3,10,1\n5,10,0\n7,10,1\n100,10,1\n");
  spec.label_index = 2;
  spec.standardize = true;
  SplitSpec split;
  split.train = Amount{false, 4, 0.0};
  const Dataset d = load(DataSpec{spec, split});
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"x0", "x1"}));
  // Training column 0 is 1, 3, 5, 7: mean 4, population std sqrt(5).
  EXPECT_FLOAT_EQ(d.train.x(0, 0), static_cast<float>(-3 / std::sqrt(5.0)));
  EXPECT_FLOAT_EQ(d.test.x(0, 0), static_cast<float>(96 / std::sqrt(5.0)));  // not refit on test
  EXPECT_EQ(d.train.x(2, 1), 0.0f);  // a constant column maps to 0
}

struct BadCsv {
  const char* name;
  const char* content;
  const char* message;  // the whole of what()
};

class BadCsvFiles : public ::testing::TestWithParam<BadCsv> {};

TEST_P(BadCsvFiles, FailWithFileLineAndWhatWasExpected) {
  const BadCsv& c = GetParam();
  CsvSpec spec = csv(std::string(c.name) + ".csv", c.content);
  if (std::string(c.name) == "missing-label-name") {
    spec.label_index.reset();
    spec.label_name = "klass";
  }
  if (std::string(c.name) == "label-index-out-of-range") spec.label_index = 5;
  const std::string expected = std::string(spec.file) + c.message;
  try {
    (void)shape(spec);
    FAIL() << "no error for " << c.name;
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()), expected);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, BadCsvFiles,
    ::testing::Values(
        BadCsv{"empty", "", ": the file is empty; expected rows of comma-separated values"},
        BadCsv{"header-only", "a,b,label\n", ":1: the file has a header but no data rows"},
        BadCsv{"one-column", "1\n2\n", ":1: expected at least 2 columns (features and a label), found 1"},
        BadCsv{"ragged", "a,b,label\n1,2,0\n3,4\n", ":3: expected 3 cells (as the header has), found 2"},
        BadCsv{"blank-middle", "1,2,0\n\n3,4,1\n", ":2: expected 3 cells (as the first row has), found 1"},
        BadCsv{"non-numeric", "a,b,label\n1,2,0\n3,x4,1\n", ":3: column 'b': expected a number, found 'x4'"},
        BadCsv{"empty-cell", "a,b,label\n1,,0\n", ":2: column 'b': expected a number, found an empty cell"},
        BadCsv{"infinite", "a,b,label\n1,inf,0\n2,3,1\n", ":2: column 'b': expected a finite number, found 'inf'"},
        BadCsv{"empty-label", "a,b,label\n1,2,\n", ":2: label column 'label': expected a class, found an empty cell"},
        BadCsv{"single-class", "a,b,label\n1,2,cat\n3,4,cat\n",
               ": label column 'label' holds a single class ('cat'); classification needs at least two"},
        BadCsv{"missing-label-name", "a,b,label\n1,2,0\n3,4,1\n", ":1: no column named 'klass'; the header has: a, b, label"},
        BadCsv{"label-index-out-of-range", "1,2,0\n3,4,1\n",
               ":1: label column 5 does not exist: the file has 3 columns (0 to 2)"},
        BadCsv{"unclosed-quote", "a,b,label\n1,\"2,0\n", ":2: a quoted cell is not closed"}),
    [](const ::testing::TestParamInfo<BadCsv>& info) {
      std::string name = info.param.name;
      for (char& ch : name) {
        if (ch == '-') ch = '_';
      }
      return name;
    });

TEST(Csv, MissingFileAndFolderAreNamed) {
  CsvSpec spec;
  spec.file = (scratch() / "nope.csv").string();
  spec.label_index = -1;
  try {
    (void)shape(spec);
    FAIL();
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()), spec.file + ": cannot read the file: No such file or directory");
  }
  spec.file = scratch().string();
  EXPECT_THROW((void)shape(spec), DataError);
}

}  // namespace
}  // namespace lrbench::data
