#include "tests/spec/spec_runner.h"

#include <cstdint>
#include <fstream>
#include <iterator>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "base/profile.h"
#include "base/status_macros.h"
#include "decoder/decoder.h"
#include "tests/spec/spec_session.h"
#include "validator/validator.h"

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

class ScriptRunner {
 public:
  ScriptRunner(std::string name, const std::filesystem::path& dir) : dir_(dir) {
    report_.name = std::move(name);
  }

  FileReport Run(const SpecScript& script, const CommandObserver& started) {
    for (const Command& command : script.commands) {
      if (started) started(command, report_);
      Record(command, RunCommand(command));
    }
    AddNotes();
    return std::move(report_);
  }

 private:
  Outcome RunCommand(const Command& command) {
    switch (command.type) {
      case CommandType::kModule:
        return WithModule(command, [&](const std::vector<uint8_t>& bytes) {
          return session_.Module(bytes, command.name);
        });
      case CommandType::kRegister:
        return FromStatus(session_.Register(command.name, command.as));
      case CommandType::kAction:
        return FromStatus(session_.RunAction(*command.action));
      case CommandType::kAssertReturn:
        return FromStatus(
            session_.AssertReturn(*command.action, command.expected));
      case CommandType::kAssertTrap:
        return FromStatus(session_.AssertTrap(*command.action, command.text));
      case CommandType::kAssertExhaustion:
        return FromStatus(session_.AssertExhaustion(*command.action));
      case CommandType::kAssertMalformed:
        if (command.text_module) {
          ++skipped_text_modules_;
          return {Outcome::Kind::kSkipped, ""};
        }
        [[fallthrough]];
      case CommandType::kAssertInvalid:
        return WithModule(command, [&](const std::vector<uint8_t>& bytes) {
          return ExpectRejected(bytes, command.text);
        });
      case CommandType::kAssertUnlinkable:
        return WithModule(command, [&](const std::vector<uint8_t>& bytes) {
          return session_.AssertUnlinkable(bytes);
        });
      case CommandType::kAssertUninstantiable:
        return WithModule(command, [&](const std::vector<uint8_t>& bytes) {
          return session_.AssertUninstantiable(bytes, command.text);
        });
    }
    return Failed("unhandled command type");
  }

  // Reads the command's module file and runs `check` on its bytes; a failure
  // names the file.
  template <typename Check>
  Outcome WithModule(const Command& command, Check check) {
    absl::StatusOr<std::vector<uint8_t>> bytes =
        ReadBytes(dir_ / command.filename);
    absl::Status status = bytes.ok() ? check(*bytes) : bytes.status();
    if (status.ok()) return Passed();
    return Failed(absl::StrCat(command.filename, ": ", status.message()));
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
  SpecSession session_;
  FileReport report_;
  int skipped_text_modules_ = 0;
};

}  // namespace

void FileReport::Add(const FileReport& other) {
  passed += other.passed;
  failed += other.failed;
  skipped += other.skipped;
}

FileReport RunSpecScript(std::string name, const SpecScript& script,
                         const std::filesystem::path& dir,
                         const CommandObserver& started) {
  return ScriptRunner(std::move(name), dir).Run(script, started);
}

}  // namespace dytallix::internal
