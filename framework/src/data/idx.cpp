// IDX files (LeCun & Cortes' MNIST format), as Fashion-MNIST ships them:
//   images: 0x00000803 (unsigned bytes, 3 dimensions), count, rows, columns,
//           then count·rows·columns pixel bytes, row by row
//   labels: 0x00000801 (unsigned bytes, 1 dimension), count, then count bytes
// All integers big-endian. gzip-compressed or plain: zlib's gzread reads both.
// Checked: the magic numbers, non-zero dimensions, equal counts of images
// and labels, and the exact length (no missing and no extra bytes). Pixels
// become p / 255 (float32); a label is a class, and the classes are 0 to
// the largest label. The pixels stay bytes until data::load gathers them.
#include <zlib.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <map>

#include <fmt/format.h>

#include "data/kinds.hpp"
#include "util/huge_pages.hpp"

namespace lrbench::data {
namespace {

constexpr std::uint32_t kImagesMagic = 0x00000803;
constexpr std::uint32_t kLabelsMagic = 0x00000801;
constexpr std::int64_t kMaxIdxBytes = std::int64_t{4} << 30;

std::uint32_t big_endian(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24U) | (std::uint32_t{p[1]} << 16U) | (std::uint32_t{p[2]} << 8U) | p[3];
}

// A gzip or plain file, read through zlib.
class GzFile {
 public:
  explicit GzFile(const std::string& file) : file_(file) {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) throw DataError("is a directory, not an IDX file", file);
    if (!std::filesystem::exists(file, ec)) throw DataError("no such file", file);
    handle_ = gzopen(file.c_str(), "rb");
    if (handle_ == nullptr) throw DataError("cannot open the file", file);
    gzbuffer(handle_, 1U << 17U);
  }
  ~GzFile() {
    if (handle_ != nullptr) gzclose(handle_);
  }
  GzFile(const GzFile&) = delete;
  GzFile& operator=(const GzFile&) = delete;

  // Reads up to `n` bytes; returns how many (fewer at the end of the data).
  std::size_t read(void* out, std::size_t n) {
    std::size_t done = 0;
    while (done < n) {
      const auto chunk = static_cast<unsigned>(std::min<std::size_t>(n - done, 1U << 30U));
      const int got = gzread(handle_, static_cast<char*>(out) + done, chunk);
      if (got < 0) {
        int code = 0;
        const char* why = gzerror(handle_, &code);
        throw DataError(fmt::format("cannot read the file: {} (a damaged gzip file?)", why ? why : "zlib error"), file_);
      }
      if (got == 0) break;
      done += static_cast<std::size_t>(got);
    }
    return done;
  }

 private:
  std::string file_;
  gzFile handle_ = nullptr;
};

struct Header {
  std::int64_t count = 0;
  std::int64_t rows = 0;  // images only
  std::int64_t cols = 0;
};

Header read_header(GzFile& in, const std::string& file, bool images) {
  std::array<unsigned char, 16> bytes{};
  const std::size_t size = images ? 16 : 8;
  const std::size_t got = in.read(bytes.data(), size);
  const std::uint32_t magic = big_endian(bytes.data());
  const std::uint32_t want = images ? kImagesMagic : kLabelsMagic;
  if (got >= 4 && magic != want) {
    throw DataError(fmt::format("magic number 0x{:08X}, expected 0x{:08X} ({}); is it an IDX {} file?", magic, want,
                                images ? "unsigned bytes, 3 dimensions" : "unsigned bytes, 1 dimension",
                                images ? "images" : "labels"),
                    file);
  }
  if (got != size) {
    throw DataError(fmt::format("the file ends inside its {}-byte header; is it an IDX {} file?", size,
                                images ? "images" : "labels"),
                    file);
  }
  Header h;
  h.count = big_endian(bytes.data() + 4);
  if (images) {
    h.rows = big_endian(bytes.data() + 8);
    h.cols = big_endian(bytes.data() + 12);
  }
  if (h.count == 0 || (images && (h.rows == 0 || h.cols == 0))) {
    throw DataError(images ? fmt::format("dimensions {} × {} × {}: none may be 0", h.count, h.rows, h.cols)
                           : std::string("it holds 0 labels"),
                    file);
  }
  if (images && h.count * h.rows * h.cols > kMaxIdxBytes) {
    throw DataError(fmt::format("dimensions {} × {} × {} exceed the limit of {} bytes", h.count, h.rows, h.cols,
                                kMaxIdxBytes),
                    file);
  }
  return h;
}

// Exactly `n` more bytes, and nothing after them.
void read_body(GzFile& in, const std::string& file, unsigned char* out, std::int64_t n, std::int64_t header_bytes) {
  const std::size_t got = in.read(out, static_cast<std::size_t>(n));
  if (static_cast<std::int64_t>(got) != n) {
    throw DataError(fmt::format("the file is truncated: its header promises {} bytes of data, it holds {}", n, got),
                    file);
  }
  unsigned char extra = 0;
  if (in.read(&extra, 1) != 0) {
    throw DataError(fmt::format("the file is longer than its header says ({} bytes): extra bytes after the data",
                                header_bytes + n),
                    file);
  }
}

struct Part {
  Rows rows;
  int classes = 0;
  std::int64_t image_rows = 0;
  std::int64_t image_cols = 0;
};

// One images file and its labels file.
Part read_part(const std::string& images_file, const std::string& labels_file, bool pixels) {
  GzFile labels_in(labels_file);
  const Header lh = read_header(labels_in, labels_file, false);
  std::vector<unsigned char> labels(static_cast<std::size_t>(lh.count));
  read_body(labels_in, labels_file, labels.data(), lh.count, 8);
  GzFile images_in(images_file);
  const Header ih = read_header(images_in, images_file, true);
  if (ih.count != lh.count) {
    throw DataError(fmt::format("{} images but {} labels in {}", ih.count, lh.count, labels_file), images_file);
  }
  Part part;
  part.image_rows = ih.rows;
  part.image_cols = ih.cols;
  part.rows.count = ih.count;
  part.rows.features = ih.rows * ih.cols;
  part.rows.y.assign(labels.begin(), labels.end());
  for (const unsigned char l : labels) part.classes = std::max(part.classes, l + 1);
  if (!pixels) return part;
  const auto bytes = static_cast<std::size_t>(ih.count * part.rows.features);
  part.rows.u8.reserve(bytes);
  util::advise_huge_pages(part.rows.u8.data(), bytes);
  part.rows.u8.resize(bytes);
  read_body(images_in, images_file, part.rows.u8.data(), static_cast<std::int64_t>(part.rows.u8.size()), 16);
  return part;
}

// The images file's header and length, without reading its pixels: plain
// files by their size, gzip files by their trailer's ISIZE (the
// uncompressed length modulo 2^32).
Header check_images_file(const std::string& file) {
  GzFile in(file);
  const Header h = read_header(in, file, true);
  const std::int64_t want = 16 + h.count * h.rows * h.cols;
  std::ifstream raw(file, std::ios::binary);
  unsigned char magic[2] = {0, 0};
  raw.read(reinterpret_cast<char*>(magic), 2);
  std::error_code ec;
  const auto size = static_cast<std::int64_t>(std::filesystem::file_size(file, ec));
  std::int64_t length = size;
  if (magic[0] == 0x1f && magic[1] == 0x8b && size >= 4) {
    unsigned char trailer[4];
    raw.seekg(size - 4);
    raw.read(reinterpret_cast<char*>(trailer), 4);
    length = std::int64_t{trailer[0]} | (std::int64_t{trailer[1]} << 8) | (std::int64_t{trailer[2]} << 16) |
             (std::int64_t{trailer[3]} << 24);
    if (length != (want & 0xffffffffLL)) {
      throw DataError(fmt::format("the file holds {} bytes once decompressed; its header promises {}", length, want),
                      file);
    }
    return h;
  }
  if (length != want) {
    throw DataError(fmt::format("the file is {} bytes; its header promises {} (16 + {} × {} × {})", length, want,
                                h.count, h.rows, h.cols),
                    file);
  }
  return h;
}

struct Files {
  std::string images, labels, test_images, test_labels;
};

Source read_files(const Files& f) {
  Part train = read_part(f.images, f.labels, true);
  Source source;
  source.num_classes = train.classes;
  source.feature_names = numbered_features(train.rows.features, "pixel");
  if (!f.test_images.empty()) {
    Part test = read_part(f.test_images, f.test_labels, true);
    if (test.image_rows != train.image_rows || test.image_cols != train.image_cols) {
      throw DataError(fmt::format("test images are {} × {} pixels, training images {} × {}", test.image_rows,
                                  test.image_cols, train.image_rows, train.image_cols),
                      f.test_images);
    }
    source.num_classes = std::max(source.num_classes, test.classes);
    source.own_test = std::move(test.rows);
  }
  source.rows = std::move(train.rows);
  return source;
}

// Headers, lengths and labels (small); the last few answers kept, as the
// loader asks once per variant.
Shape shape_of_files(const Files& f) {
  static std::mutex mutex;
  static std::map<std::string, Shape> cache;
  std::string key = f.images + "\n" + f.labels + "\n" + f.test_images + "\n" + f.test_labels;
  for (const std::string* file : {&f.images, &f.labels, &f.test_images, &f.test_labels}) {
    std::error_code ec;
    if (file->empty()) continue;
    key += fmt::format("\n{}:{}", std::filesystem::file_size(*file, ec),
                       ec ? 0 : std::filesystem::last_write_time(*file, ec).time_since_epoch().count());
  }
  {
    const std::lock_guard lock(mutex);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
  }
  const Header h = check_images_file(f.images);
  const Part train = read_part(f.images, f.labels, false);
  Shape shape{h.count, h.rows * h.cols, train.classes, 0};
  if (!f.test_images.empty()) {
    const Header th = check_images_file(f.test_images);
    const Part test = read_part(f.test_images, f.test_labels, false);
    if (th.rows != h.rows || th.cols != h.cols) {
      throw DataError(fmt::format("test images are {} × {} pixels, training images {} × {}", th.rows, th.cols, h.rows,
                                  h.cols),
                      f.test_images);
    }
    shape.classes = std::max(train.classes, test.classes);
    shape.own_test_rows = th.count;
  }
  const std::lock_guard lock(mutex);
  if (cache.size() >= 16) cache.clear();
  cache[key] = shape;
  return shape;
}

Files files_of(const IdxSpec& s) { return {s.images_file, s.labels_file, s.test_images_file, s.test_labels_file}; }

// The folder's four files, gzip or plain.
Files files_of(const FashionMnistSpec& s) {
  std::error_code ec;
  if (!std::filesystem::is_directory(s.folder, ec)) {
    throw DataError(fmt::format("Fashion-MNIST is not installed: no folder {}; install Debian's package "
                                "dataset-fashion-mnist (apt-get install dataset-fashion-mnist), or set path: to a "
                                "folder with its four IDX files",
                                s.folder));
  }
  auto file = [&](const std::string& stem) {
    const std::filesystem::path dir(s.folder);
    for (const char* suffix : {".gz", ""}) {
      const auto p = dir / (stem + suffix);
      if (std::filesystem::exists(p, ec)) return p.string();
    }
    throw DataError(fmt::format("Fashion-MNIST's {}(.gz) is missing from {}; reinstall dataset-fashion-mnist", stem,
                                s.folder));
  };
  return {file("train-images-idx3-ubyte"), file("train-labels-idx1-ubyte"), file("t10k-images-idx3-ubyte"),
          file("t10k-labels-idx1-ubyte")};
}

}  // namespace

Source read(const IdxSpec& spec) { return read_files(files_of(spec)); }
Shape shape_of(const IdxSpec& spec) { return shape_of_files(files_of(spec)); }

nlohmann::json to_json(const IdxSpec& s) {
  nlohmann::json j = {{"kind", "idx"}, {"images", s.images}, {"labels", s.labels}};
  if (!s.test_images.empty()) {
    j["test_images"] = s.test_images;
    j["test_labels"] = s.test_labels;
  }
  return j;
}

std::string describe(const IdxSpec& s) {
  const Shape shape = shape_of(s);
  return fmt::format("IDX images `{}` with labels `{}`: {} images of {} pixels, {} classes{}", s.images, s.labels,
                     shape.rows, shape.features, shape.classes.value_or(0),
                     s.test_images.empty() ? std::string()
                                           : fmt::format("; test set `{}` ({} images)", s.test_images,
                                                         shape.own_test_rows));
}

std::uint32_t random_state_of(const IdxSpec&) { return 0; }

Source read(const FashionMnistSpec& spec) { return read_files(files_of(spec)); }
Shape shape_of(const FashionMnistSpec& spec) { return shape_of_files(files_of(spec)); }

nlohmann::json to_json(const FashionMnistSpec& s) { return {{"kind", "fashion_mnist"}, {"path", s.path}}; }

std::string describe(const FashionMnistSpec& s) {
  const Shape shape = shape_of(s);
  return fmt::format("Fashion-MNIST (`{}`): {} training and {} test images of 28 × 28 pixels scaled to [0, 1], "
                     "{} classes",
                     s.path, shape.rows, shape.own_test_rows, shape.classes.value_or(0));
}

std::uint32_t random_state_of(const FashionMnistSpec&) { return 0; }

}  // namespace lrbench::data
