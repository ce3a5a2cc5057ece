// lrbench SDK: everything a plugin author includes.
#pragma once

#include "lrbench/optimizer.hpp"
#include "lrbench/params.hpp"
#include "lrbench/plugin.hpp"
#include "lrbench/schedule.hpp"
