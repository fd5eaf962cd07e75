#include "tests/spec/spec_runner.h"

#include <cstdint>
#include <fstream>
#include <iterator>
#include <memory>
#include <span>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "base/profile.h"
#include "base/status_macros.h"
#include "decoder/decoder.h"
#include "tests/spec/gas_equality.h"
#include "tests/spec/spec_session.h"
#include "validator/validator.h"
#include "vm/gas_schedule.h"

namespace dytallix::internal {
namespace {

struct Outcome {
  enum class Kind { kPassed, kFailed, kSkipped };
  Kind kind;
  std::string why;  // kFailed only
};

Outcome Passed() { return {Outcome::Kind::kPassed, ""}; }
Outcome Failed(std::string why) {
  return {Outcome::Kind::kFailed, std::move(why)};
}

absl::StatusOr<std::vector<uint8_t>> ReadBytes(
    const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return absl::NotFoundError(absl::StrCat("cannot read ", path.string()));
  }
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(file),
                              std::istreambuf_iterator<char>());
}

// Ok iff the decoder and then the validator accept `bytes`.
absl::Status DecodeAndValidate(const std::vector<uint8_t>& bytes) {
  DYT_ASSIGN_OR_RETURN(const Module module, Decode(bytes));
  return Validate(module, Profile::Spec()).status();
}

// assert_invalid and binary assert_malformed: only rejection matters, not
// which stage rejects, because some binary tests of this suite are malformed
// for a different reason than the one they name.
absl::Status ExpectRejected(const std::vector<uint8_t>& bytes,
                            const std::string& text) {
  if (!DecodeAndValidate(bytes).ok()) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("accepted a module that must be rejected: \"", text, "\""));
}

Outcome FromStatus(const absl::Status& status) {
  return status.ok() ? Passed() : Failed(absl::StrCat(status.message()));
}

// The commands that name a module file.
bool NeedsModuleFile(CommandType type) {
  switch (type) {
    case CommandType::kModule:
    case CommandType::kAssertInvalid:
    case CommandType::kAssertMalformed:
    case CommandType::kAssertUnlinkable:
    case CommandType::kAssertUninstantiable:
      return true;
    case CommandType::kRegister:
    case CommandType::kAction:
    case CommandType::kAssertReturn:
    case CommandType::kAssertTrap:
    case CommandType::kAssertExhaustion:
      return false;
  }
  return false;
}

// These only decode and validate, once: they need no session.
bool IsRejection(CommandType type) {
  return type == CommandType::kAssertInvalid ||
         type == CommandType::kAssertMalformed;
}

// One session's part of `command`; `bytes` is the module of module commands.
absl::Status RunInSession(SpecSession& session, const Command& command,
                          std::span<const uint8_t> bytes) {
  switch (command.type) {
    case CommandType::kModule:
      return session.Module(bytes, command.name);
    case CommandType::kRegister:
      return session.Register(command.name, command.as);
    case CommandType::kAction:
      return session.RunAction(*command.action);
    case CommandType::kAssertReturn:
      return session.AssertReturn(*command.action, command.expected);
    case CommandType::kAssertTrap:
      return session.AssertTrap(*command.action, command.text);
    case CommandType::kAssertExhaustion:
      return session.AssertExhaustion(*command.action);
    case CommandType::kAssertUnlinkable:
      return session.AssertUnlinkable(bytes);
    case CommandType::kAssertUninstantiable:
      return session.AssertUninstantiable(bytes, command.text);
    case CommandType::kAssertInvalid:
    case CommandType::kAssertMalformed:
      break;  // no session: ExpectRejected
  }
  return absl::InternalError("unhandled command type");
}

// Far above the gas any spec script uses, so no metered call runs out.
constexpr uint64_t kHugeGasLimit = uint64_t{1} << 62;

SessionOptions Metered(GasMetering metering, Compilation compilation) {
  return {.gas = {.metering = metering},
          .call = {.metering = true, .gas_limit = kHugeGasLimit},
          .compilation = compilation};
}

// A session and the name its failure lines carry (empty if it is the only
// one).
struct Lane {
  std::string label;
  std::unique_ptr<SpecSession> session;
};

std::vector<Lane> LanesFor(RunMode mode) {
  std::vector<Lane> lanes;
  if (mode == RunMode::kUnmetered) {
    lanes.push_back({"", std::make_unique<SpecSession>()});
  } else {
    lanes.push_back({"per block: ",
                     std::make_unique<SpecSession>(Metered(
                         GasMetering::kPerBlock, Compilation::kOnFirstCall))});
    lanes.push_back({"per instruction: ",
                     std::make_unique<SpecSession>(Metered(
                         GasMetering::kPerInstruction, Compilation::kEager))});
  }
  return lanes;
}

class ScriptRunner {
 public:
  ScriptRunner(std::string name, const std::filesystem::path& dir, RunMode mode)
      : dir_(dir), lanes_(LanesFor(mode)) {
    report_.name = std::move(name);
  }

  FileReport Run(const SpecScript& script, const CommandObserver& started) {
    for (const Command& command : script.commands) {
      if (started) started(command, report_);
      const Outcome outcome = RunCommand(command);
      Record(command, CompareLanes(outcome));
    }
    AddNotes();
    return std::move(report_);
  }

 private:
  Outcome RunCommand(const Command& command) {
    if (command.type == CommandType::kAssertMalformed && command.text_module) {
      ++skipped_text_modules_;
      return {Outcome::Kind::kSkipped, ""};
    }
    if (!NeedsModuleFile(command.type)) {
      return FromStatus(InEachSession(command, {}));
    }
    absl::StatusOr<std::vector<uint8_t>> bytes =
        ReadBytes(dir_ / command.filename);
    absl::Status status = bytes.status();
    if (bytes.ok()) {
      status = IsRejection(command.type) ? ExpectRejected(*bytes, command.text)
                                         : InEachSession(command, *bytes);
    }
    if (status.ok()) return Passed();
    return Failed(absl::StrCat(command.filename, ": ", status.message()));
  }

  // Runs `command` in every session, even after one fails, so the sessions
  // stay in lockstep. Returns the first failure, naming its session.
  absl::Status InEachSession(const Command& command,
                             std::span<const uint8_t> bytes) {
    absl::Status first;
    for (Lane& lane : lanes_) {
      const absl::Status status = RunInSession(*lane.session, command, bytes);
      if (!status.ok() && first.ok()) {
        first = absl::Status(status.code(),
                             absl::StrCat(lane.label, status.message()));
      }
    }
    return first;
  }

  // With two sessions, a command that met the spec in both still fails if
  // the calls it made disagree. Every session's record is taken, so the next
  // command starts from an empty one.
  Outcome CompareLanes(const Outcome& outcome) {
    std::vector<std::vector<CallRecord>> calls;
    for (Lane& lane : lanes_) calls.push_back(lane.session->TakeCalls());
    if (calls.size() < 2 || outcome.kind != Outcome::Kind::kPassed) {
      return outcome;
    }
    if (auto why = CompareCalls(calls[0], calls[1], report_.gas)) {
      return Failed(absl::StrCat("gas equality: ", *why));
    }
    return outcome;
  }

  void Record(const Command& command, const Outcome& outcome) {
    switch (outcome.kind) {
      case Outcome::Kind::kPassed:
        ++report_.passed;
        return;
      case Outcome::Kind::kFailed:
        ++report_.failed;
        report_.failures.push_back(absl::StrCat(
            report_.name, ":", command.line, ": ",
            std::string(CommandTypeName(command.type)), ": ", outcome.why));
        return;
      case Outcome::Kind::kSkipped:
        ++report_.skipped;
        return;
    }
  }

  void AddNotes() {
    if (skipped_text_modules_ > 0) {
      report_.notes.push_back(absl::StrCat(
          "skipped ", skipped_text_modules_,
          " assert_malformed in text form: there is no text-format parser"));
    }
  }

  const std::filesystem::path dir_;
  std::vector<Lane> lanes_;
  FileReport report_;
  int skipped_text_modules_ = 0;
};

}  // namespace

void FileReport::Add(const FileReport& other) {
  passed += other.passed;
  failed += other.failed;
  skipped += other.skipped;
  gas.Add(other.gas);
}

FileReport RunSpecScript(std::string name, const SpecScript& script,
                         const std::filesystem::path& dir, RunMode mode,
                         const CommandObserver& started) {
  return ScriptRunner(std::move(name), dir, mode).Run(script, started);
}

}  // namespace dytallix::internal
