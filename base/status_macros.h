// The few status macros Abseil 20220623 does not ship, and WithContext.
#ifndef DYTALLIX_BASE_STATUS_MACROS_H_
#define DYTALLIX_BASE_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

// Returns from the enclosing function if `expr` (an absl::Status) is not ok.
#define DYT_RETURN_IF_ERROR(expr)                                 \
  do {                                                            \
    if (::absl::Status dyt_status_ = (expr); !dyt_status_.ok()) { \
      return dyt_status_;                                         \
    }                                                             \
  } while (false)

#define DYT_STATUS_CONCAT_INNER_(a, b) a##b
#define DYT_STATUS_CONCAT_(a, b) DYT_STATUS_CONCAT_INNER_(a, b)

// `lhs = value of expr`, or returns its status if `expr` (an absl::StatusOr)
// holds an error. `lhs` may declare a variable: DYT_ASSIGN_OR_RETURN(auto x,
// F());
#define DYT_ASSIGN_OR_RETURN(lhs, expr)                                        \
  DYT_ASSIGN_OR_RETURN_IMPL_(DYT_STATUS_CONCAT_(dyt_statusor_, __LINE__), lhs, \
                             expr)

#define DYT_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr)    \
  auto statusor = (expr);                                  \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = std::move(statusor).value()

namespace dytallix {

// `status` with "<context>: " before its message and the same code, e.g.
// "contract 00ab…: no contract at this address". Ok stays ok.
inline absl::Status WithContext(const absl::Status& status,
                                absl::string_view context) {
  if (status.ok()) return status;
  return absl::Status(status.code(),
                      absl::StrCat(context, ": ", status.message()));
}

}  // namespace dytallix

#endif  // DYTALLIX_BASE_STATUS_MACROS_H_
