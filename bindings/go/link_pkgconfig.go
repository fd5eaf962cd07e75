//go:build !dytallix_manual

package dytallix

// #cgo pkg-config: dytallix
import "C"
