#include "harness/sweep/program_identity.hpp"

#include <openssl/evp.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>

#include "harness/core/error.hpp"

extern char** environ;

namespace sb {
namespace {

bool executable_file(const std::filesystem::path& file) {
  std::error_code error;
  return std::filesystem::is_regular_file(file, error) && ::access(file.c_str(), X_OK) == 0;
}

}  // namespace

std::filesystem::path resolve_executable(const std::string& name) {
  if (name.empty()) config_error("the program name is empty");
  if (name.find('/') != std::string::npos) {
    if (!std::filesystem::exists(name)) config_error("program '{}' does not exist", name);
    if (!executable_file(name)) config_error("program '{}' is not an executable file", name);
    return std::filesystem::absolute(name).lexically_normal();
  }
  const char* path = std::getenv("PATH");
  const std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  for (std::size_t start = 0; start <= dirs.size();) {
    std::size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    const std::filesystem::path dir = end == start ? "." : dirs.substr(start, end - start);
    if (executable_file(dir / name)) return std::filesystem::absolute(dir / name);
    start = end + 1;
  }
  config_error("program '{}' is not on PATH", name);
}

std::string sha256_of_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) config_error("cannot read {}", file.string());
  const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                        &EVP_MD_CTX_free);
  if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1)
    config_error("OpenSSL cannot compute SHA-256");
  std::vector<char> buffer(1 << 16);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    EVP_DigestUpdate(context.get(), buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context.get(), digest, &length);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

bool relevant_environment_variable(const std::string& name) {
  static const char* const kPrefixes[] = {"OMP_",      "GOMP_", "KMP_",  "TBB_",    "MKL_",
                                          "OPENBLAS_", "BLIS_", "GOTO_", "MALLOC_", "LD_"};
  static const char* const kNames[] = {"GOMAXPROCS",          "GOGC",
                                       "RAYON_NUM_THREADS",   "JULIA_NUM_THREADS",
                                       "GLIBC_TUNABLES",      "VECLIB_MAXIMUM_THREADS",
                                       "NUMEXPR_NUM_THREADS", "DOTNET_PROCESSOR_COUNT"};
  for (const char* prefix : kPrefixes) {
    if (name.rfind(prefix, 0) == 0) return true;
  }
  for (const char* known : kNames) {
    if (name == known) return true;
  }
  return false;
}

nlohmann::json relevant_environment() {
  nlohmann::json found = nlohmann::json::object();
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    const std::size_t equals = entry.find('=');
    if (equals == std::string::npos) continue;
    const std::string name = entry.substr(0, equals);
    if (relevant_environment_variable(name)) found[name] = entry.substr(equals + 1);
  }
  return found;
}

std::vector<std::string> environment_with(const std::vector<std::string>& set) {
  std::vector<std::string> result;
  auto name_of = [](const std::string& entry) { return entry.substr(0, entry.find('=')); };
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    bool replaced = false;
    for (const std::string& s : set) replaced = replaced || name_of(s) == name_of(entry);
    if (!replaced) result.push_back(entry);
  }
  result.insert(result.end(), set.begin(), set.end());
  return result;
}

}  // namespace sb
