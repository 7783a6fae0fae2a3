#include "praxis/case_study.h"

namespace praxis {

std::string CaseStudy::country() const {
  const auto dash = region.find('-');
  return dash == std::string::npos ? region : region.substr(0, dash);
}

int CaseStudy::effective_year() const {
  if (year) return *year;
  if (period.start) return *period.start;
  return 0;
}

}  // namespace praxis
