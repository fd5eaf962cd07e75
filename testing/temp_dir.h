// TempDir: a fresh directory under $TMPDIR (or /tmp), removed with everything
// in it when the object dies. For tests of the persistent backend.
#ifndef DYTALLIX_TESTING_TEMP_DIR_H_
#define DYTALLIX_TESTING_TEMP_DIR_H_

#include <string>

namespace dytallix::testing {

class TempDir {
 public:
  TempDir();  // aborts if no directory can be made: nothing to test without
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& Path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace dytallix::testing

#endif  // DYTALLIX_TESTING_TEMP_DIR_H_
