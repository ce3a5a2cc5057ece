// Asking the kernel to back a large buffer with transparent huge pages.
#pragma once

#include <cstddef>

namespace lrbench::util {

// madvise(MADV_HUGEPAGE) over the whole pages inside [data, data + bytes),
// for buffers of at least a few megabytes that are about to be filled:
// first-touching 200 MB in 4 KiB pages costs 50,000 page faults (most of the
// time of loading Fashion-MNIST on a virtual machine), in 2 MiB pages about
// a hundred. A hint only: does nothing where unsupported or refused.
void advise_huge_pages(void* data, std::size_t bytes) noexcept;

}  // namespace lrbench::util
