// Field-level helpers shared by the date/time function files: a timestamp
// split into calendar fields (astronomical years: 0 = 1 BC) and ISO weeks.
#pragma once

#include <cstdint>

#include "functions/registry.h"

namespace upsertdb::fn {

struct Fields {
  int32_t days = 0;   // since 2000-01-01
  int64_t year = 0;
  int month = 1, day = 1, hour = 0, minute = 0, second = 0, micros = 0;
};

Fields split_timestamp(int64_t ts);   // ts must be finite
int64_t join_timestamp(int64_t year, int month, int day, int64_t time_micros);
int iso_dow(int32_t days);                                 // Monday = 1 .. Sunday = 7
void iso_week(int32_t days, int64_t* iso_year, int* week);
int day_of_year(const Fields& f);

// to_char / to_date / to_timestamp(text, text) (datetime_format.cc).
void register_datetime_format_functions(Registry& r);

}  // namespace upsertdb::fn
