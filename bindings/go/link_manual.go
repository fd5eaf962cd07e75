//go:build dytallix_manual

package dytallix

// With the dytallix_manual tag the compiler and linker flags come only from
// CGO_CFLAGS and CGO_LDFLAGS (see README.md, "Go binding").

import "C"
