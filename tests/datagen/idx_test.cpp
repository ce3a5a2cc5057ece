// IDX files: a tiny one written here (plain and gzip), a table of bad and
// corrupted inputs with their messages, and the installed Fashion-MNIST
// package when it is there.
#include <zlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "data/dataset.hpp"

namespace lrbench::data {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<unsigned char>;

fs::path scratch() {
  const fs::path dir = fs::temp_directory_path() / ("lrbench-idx-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

void put32(Bytes& b, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) b.push_back(static_cast<unsigned char>(v >> shift));
}

// count images of rows × cols pixels: pixel k of image i is (i·7 + k) mod 256.
Bytes images(std::uint32_t count, std::uint32_t rows, std::uint32_t cols) {
  Bytes b;
  put32(b, 0x00000803);
  put32(b, count);
  put32(b, rows);
  put32(b, cols);
  for (std::uint32_t i = 0; i < count; ++i) {
    for (std::uint32_t k = 0; k < rows * cols; ++k) b.push_back(static_cast<unsigned char>((i * 7 + k) % 256));
  }
  return b;
}

Bytes labels(const std::vector<unsigned char>& values) {
  Bytes b;
  put32(b, 0x00000801);
  put32(b, static_cast<std::uint32_t>(values.size()));
  b.insert(b.end(), values.begin(), values.end());
  return b;
}

std::string write(const std::string& name, const Bytes& bytes, bool gzip) {
  const fs::path file = scratch() / name;
  if (gzip) {
    gzFile out = gzopen(file.c_str(), "wb");
    gzwrite(out, bytes.data(), static_cast<unsigned>(bytes.size()));
    gzclose(out);
  } else {
    std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                static_cast<std::streamsize>(bytes.size()));
  }
  return file.string();
}

IdxSpec spec_of(const std::string& images_file, const std::string& labels_file) {
  IdxSpec s;
  s.images = s.images_file = images_file;
  s.labels = s.labels_file = labels_file;
  return s;
}

TEST(Idx, TinyFilesPlainAndGzipLoadAsScaledPixels) {
  for (const bool gzip : {false, true}) {
    SCOPED_TRACE(gzip ? "gzip" : "plain");
    const std::string suffix = gzip ? ".gz" : "";
    IdxSpec spec = spec_of(write("train-images" + suffix, images(6, 2, 3), gzip),
                           write("train-labels" + suffix, labels({0, 1, 2, 0, 1, 2}), gzip));
    spec.test_images = spec.test_images_file = write("test-images" + suffix, images(2, 2, 3), gzip);
    spec.test_labels = spec.test_labels_file = write("test-labels" + suffix, labels({2, 1}), gzip);
    const Shape s = shape(spec);
    EXPECT_EQ(s.rows, 6);
    EXPECT_EQ(s.features, 6);
    EXPECT_EQ(s.classes, 3);
    EXPECT_EQ(s.own_test_rows, 2);
    SplitSpec split;
    split.train.reset();  // all but the validation rows
    split.validation = Amount{false, 2, 0.0};
    const Dataset d = load(DataSpec{spec, split});
    EXPECT_EQ(d.train.num_samples(), 4);
    EXPECT_EQ(d.validation.num_samples(), 2);
    EXPECT_EQ(d.test.num_samples(), 2);
    EXPECT_EQ(d.num_classes, 3);
    EXPECT_EQ(d.feature_names.back(), "pixel5");
    EXPECT_EQ(d.validation.y, (std::vector<std::int32_t>{1, 2}));
    // Image 4 (the first validation row), pixel 5: (4·7 + 5) / 255.
    EXPECT_EQ(d.validation.x(0, 5), 33.0f / 255.0f);
    EXPECT_EQ(d.test.x(1, 0), 7.0f / 255.0f);
    EXPECT_EQ(d.train.x(0, 0), 0.0f);
  }
}

struct BadIdx {
  const char* name;
  Bytes images;
  Bytes labels;
  bool gzip;
  const char* message;  // after "FILE: " (FILE the images file unless it starts with "labels")
};

Bytes truncated(Bytes b, std::size_t drop) {
  b.resize(b.size() - drop);
  return b;
}
Bytes with_extra(Bytes b) {
  b.push_back(0);
  return b;
}
Bytes swapped_magic() {
  Bytes b = images(2, 2, 2);
  b[3] = 0x01;
  return b;
}

class BadIdxFiles : public ::testing::TestWithParam<BadIdx> {};

TEST_P(BadIdxFiles, FailWithTheFileAndWhatIsWrong) {
  const BadIdx& c = GetParam();
  const std::string suffix = c.gzip ? ".gz" : "";
  const std::string images_file = write(std::string(c.name) + "-images" + suffix, c.images, c.gzip);
  const std::string labels_file = write(std::string(c.name) + "-labels" + suffix, c.labels, c.gzip);
  std::string message = c.message;
  if (const auto at = message.find("{labels}"); at != std::string::npos) message.replace(at, 8, labels_file);
  const std::string expected = message.rfind("labels: ", 0) == 0 ? labels_file + ": " + message.substr(8)
                                                                 : images_file + ": " + message;
  try {
    (void)shape(spec_of(images_file, labels_file));
    (void)load(DataSpec{spec_of(images_file, labels_file), SplitSpec{}});
    FAIL() << "no error for " << c.name;
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()), expected);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, BadIdxFiles,
    ::testing::Values(
        BadIdx{"wrong-images-magic", swapped_magic(), labels({0, 1}), false,
               "magic number 0x00000801, expected 0x00000803 (unsigned bytes, 3 dimensions); is it an IDX images "
               "file?"},
        BadIdx{"labels-for-images", labels({0, 1}), labels({0, 1}), false,
               "magic number 0x00000801, expected 0x00000803 (unsigned bytes, 3 dimensions); is it an IDX images "
               "file?"},
        BadIdx{"short-header", Bytes{0, 0, 8, 3, 0}, labels({0, 1}), false,
               "the file ends inside its 16-byte header; is it an IDX images file?"},
        BadIdx{"zero-dimension", images(2, 0, 2), labels({0, 1}), false, "dimensions 2 × 0 × 2: none may be 0"},
        BadIdx{"truncated", truncated(images(2, 2, 2), 3), labels({0, 1}), false,
               "the file is 21 bytes; its header promises 24 (16 + 2 × 2 × 2)"},
        BadIdx{"extra-bytes", with_extra(images(2, 2, 2)), labels({0, 1}), false,
               "the file is 25 bytes; its header promises 24 (16 + 2 × 2 × 2)"},
        BadIdx{"truncated-gzip", truncated(images(2, 2, 2), 3), labels({0, 1}), true,
               "the file holds 21 bytes once decompressed; its header promises 24"},
        BadIdx{"count-mismatch", images(3, 2, 2), labels({0, 1}), false, "3 images but 2 labels in {labels}"},
        BadIdx{"truncated-labels", images(2, 2, 2), truncated(labels({0, 1}), 1), false,
               "labels: the file is truncated: its header promises 2 bytes of data, it holds 1"}),
    [](const ::testing::TestParamInfo<BadIdx>& info) {
      std::string name = info.param.name;
      for (char& ch : name) {
        if (ch == '-') ch = '_';
      }
      return name;
    });

TEST(Idx, CorruptedGzipStreamIsADataError) {
  // A valid gzip file with bytes flipped in the middle of its deflate stream.
  const std::string good = write("good.gz", images(50, 8, 8), true);
  std::string bytes;
  {
    std::ifstream in(good, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  for (std::size_t i = bytes.size() / 3; i < bytes.size() / 3 + 16; ++i) bytes[i] = static_cast<char>(~bytes[i]);
  const fs::path bad = scratch() / "corrupted-images.gz";
  std::ofstream(bad, std::ios::binary) << bytes;
  std::vector<unsigned char> fifty(50, 1);
  fifty[0] = 0;
  const std::string labels_file = write("corrupted-labels", labels(fifty), false);
  EXPECT_THROW((void)load(DataSpec{spec_of(bad.string(), labels_file), SplitSpec{}}), DataError);
}

TEST(Idx, MissingFileIsNamed) {
  const std::string missing = (scratch() / "nope.gz").string();
  try {
    (void)shape(spec_of(missing, missing));
    FAIL();
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()), missing + ": no such file");
  }
}

TEST(FashionMnist, AbsentFolderNamesThePackage) {
  FashionMnistSpec s;
  s.folder = (scratch() / "not-installed").string();
  try {
    (void)shape(s);
    FAIL();
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("install Debian's package dataset-fashion-mnist"), std::string::npos)
        << e.what();
  }
}

// The real package, when installed (Debian's dataset-fashion-mnist).
TEST(FashionMnist, InstalledPackageLoads) {
  if (!fs::exists(std::string(kFashionMnistFolder) + "/train-images-idx3-ubyte.gz")) {
    GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  }
  const FashionMnistSpec s;
  const Shape shape_ = shape(s);
  EXPECT_EQ(shape_.rows, 60000);
  EXPECT_EQ(shape_.own_test_rows, 10000);
  EXPECT_EQ(shape_.features, 784);
  EXPECT_EQ(shape_.classes, 10);
  SplitSpec all;
  all.train.reset();
  const Dataset d = load(DataSpec{s, all});
  EXPECT_EQ(d.train.num_samples(), 60000);
  EXPECT_EQ(d.test.num_samples(), 10000);
  EXPECT_TRUE(d.validation.empty());
  EXPECT_EQ(d.num_classes, 10);
  EXPECT_GE(d.train.x.minCoeff(), 0.0f);
  EXPECT_LE(d.train.x.maxCoeff(), 1.0f);
  // Balanced: 6,000 training and 1,000 test images per class.
  std::vector<int> counts(10, 0);
  for (const auto label : d.train.y) ++counts[static_cast<std::size_t>(label)];
  EXPECT_EQ(counts, std::vector<int>(10, 6000));
}

}  // namespace
}  // namespace lrbench::data
