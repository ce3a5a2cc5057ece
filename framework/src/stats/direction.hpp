// Which way a metric improves: accuracy goes up, loss and epochs go down.
#pragma once

namespace lrbench::stats {

enum class Direction { higher_is_better, lower_is_better };

}  // namespace lrbench::stats
