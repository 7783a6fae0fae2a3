// Reads a GNU gettext .mo catalogue (used for iso-codes' Greek names).
#pragma once

#include <filesystem>
#include <string>
#include <unordered_map>

#include "praxis/status.h"

namespace praxis {

// msgid -> msgstr for every translated message in the file.
Result<std::unordered_map<std::string, std::string>> read_mo_catalog(
    const std::filesystem::path& file);

}  // namespace praxis
