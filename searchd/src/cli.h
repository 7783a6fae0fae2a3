// The command line of praxis-searchd, into Options.
#pragma once

#include <optional>
#include <string>

#include "praxis/searchd/options.h"
#include "praxis/status.h"

namespace praxis::searchd {

struct CliResult {
  Options options;
  std::optional<int> exit_code;  // set when the program should exit now (--help, a usage error)
};

CliResult parse_command_line(int argc, char** argv);

// "20/s", "600/m", "20" (per second), "0" or "off" (no limit); nullopt when malformed.
std::optional<double> parse_rate(const std::string& text);

// "127.0.0.1:8080", "[::1]:8080", ":8080" (loopback), "8080" (loopback).
Status parse_listen(const std::string& text, std::string& host, int& port);

}  // namespace praxis::searchd
