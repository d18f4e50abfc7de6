#include "edged/server/tail_filters.h"

#include <simdjson.h>
#include <strings.h>

#include <random>

namespace edged::server {
namespace {

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

bool anyEquals(const std::vector<std::string>& list, std::string_view value, bool ignore_case) {
  for (const std::string& entry : list) {
    if (ignore_case ? equalsIgnoringCase(entry, value) : entry == value) return true;
  }
  return false;
}

bool traceContains(const runtime::RequestTrace* trace, std::string_view text) {
  if (trace == nullptr) return false;
  for (const runtime::TraceLog& log : trace->logs) {
    if (log.message_json.find(text) != std::string::npos) return true;
  }
  for (const runtime::TraceException& e : trace->exceptions) {
    if (e.message.find(text) != std::string::npos || e.name.find(text) != std::string::npos) {
      return true;
    }
  }
  return false;
}

// A list of strings, or one string standing for a list of one.
Result<std::vector<std::string>> stringList(simdjson::dom::element value, const char* filter) {
  std::vector<std::string> out;
  std::string_view one;
  if (value.get(one) == simdjson::SUCCESS) {
    out.emplace_back(one);
    return out;
  }
  simdjson::dom::array array;
  if (value.get(array) != simdjson::SUCCESS) {
    return makeError(std::string("tail filter \"") + filter + "\" must be a list of strings");
  }
  for (simdjson::dom::element entry : array) {
    if (entry.get(one) != simdjson::SUCCESS) {
      return makeError(std::string("tail filter \"") + filter + "\" must be a list of strings");
    }
    out.emplace_back(one);
  }
  return out;
}

}  // namespace

bool TailFilters::matches(const TailEventFacts& event) const {
  if (!outcomes.empty() && !anyEquals(outcomes, event.outcome, false)) return false;
  if (!methods.empty() && !anyEquals(methods, event.method, true)) return false;
  if (!client_ips.empty() && !anyEquals(client_ips, event.client_ip, false)) return false;
  if (version_id && *version_id != event.version_id) return false;
  if (header_key) {
    if (event.headers == nullptr) return false;
    bool found = false;
    for (const net::HttpHeader& h : *event.headers) {
      if (equalsIgnoringCase(h.name, *header_key) && (!header_query || h.value == *header_query)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  if (query && !traceContains(event.trace, *query)) return false;
  if (sampling_rate) {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    if (std::uniform_real_distribution<double>(0, 1)(rng) >= *sampling_rate) return false;
  }
  return true;
}

Result<TailFilters> parseTailFilters(std::string_view body, std::string_view self_ip) {
  TailFilters filters;
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return filters;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(std::string(body)).get(root) != simdjson::SUCCESS) {
    return makeError("the tail's filters are not valid JSON");
  }
  simdjson::dom::array list;
  simdjson::dom::element listed;
  if (root["filters"].get(listed) != simdjson::SUCCESS) return filters;
  if (listed.get(list) != simdjson::SUCCESS) return makeError("\"filters\" must be a list");
  for (simdjson::dom::element filter : list) {
    simdjson::dom::object object;
    if (filter.get(object) != simdjson::SUCCESS)
      return makeError("each tail filter must be an object");
    for (auto [key, value] : object) {
      if (key == "sampling_rate") {
        double rate = 0;
        if (value.get(rate) != simdjson::SUCCESS || !(rate > 0) || !(rate <= 1)) {
          return makeError("tail filter \"sampling_rate\" must be a number above 0 and at most 1");
        }
        filters.sampling_rate = rate;
      } else if (key == "outcome" || key == "method" || key == "client_ip") {
        Result<std::vector<std::string>> values = stringList(value, std::string(key).c_str());
        if (!values.ok()) return values.error();
        std::vector<std::string>& target = key == "outcome"  ? filters.outcomes
                                           : key == "method" ? filters.methods
                                                             : filters.client_ips;
        for (std::string& v : values.value()) {
          target.push_back(key == "client_ip" && v == "self" ? std::string(self_ip) : std::move(v));
        }
      } else if (key == "header") {
        std::string_view header_key;
        if (value["key"].get(header_key) != simdjson::SUCCESS || header_key.empty()) {
          return makeError("tail filter \"header\" needs a \"key\"");
        }
        filters.header_key = std::string(header_key);
        std::string_view query;
        if (value["query"].get(query) == simdjson::SUCCESS)
          filters.header_query = std::string(query);
      } else if (key == "query" || key == "scriptVersion") {
        std::string_view text;
        if (value.get(text) != simdjson::SUCCESS) {
          return makeError("tail filter \"" + std::string(key) + "\" must be a string");
        }
        (key == "query" ? filters.query : filters.version_id) = std::string(text);
      } else {
        return makeError("unknown tail filter \"" + std::string(key) + "\"");
      }
    }
  }
  return filters;
}

}  // namespace edged::server
