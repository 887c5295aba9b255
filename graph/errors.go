package graph

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to a GraphQL extensions.code.
const (
	ENOTFOUND        = "NOT_FOUND"
	EINVALID         = "BAD_USER_INPUT"
	EUNAUTHENTICATED = "UNAUTHENTICATED"
	EFORBIDDEN       = "FORBIDDEN"
	EUNAVAILABLE     = "UNAVAILABLE"
	ECONFLICT        = "CONFLICT" // the write lost a race: the id is taken, or the entity changed since it was read
	EINTERNAL        = "INTERNAL"
)

// Error is an error with a code and a message safe to show to the user.
type Error struct {
	Code    string
	Message string
	Err     error // the cause, never shown to the user
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Err != nil && e.Message == "" {
		return e.Err.Error()
	}
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an Error with the given code and a formatted user-safe message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an Error with the given code and message whose cause is err.
func Wrap(code string, err error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: err}
}

// ErrorCode returns the code of err, EINTERNAL for an error without one, "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	var c coder
	if errors.As(err, &c) {
		return c.ErrorCode()
	}
	return EINTERNAL
}

// coder is an error that knows its code without being an *Error.
type coder interface{ ErrorCode() string }

// ErrorMessage returns the user-safe message of err. Internal errors get a generic message.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Message
	}
	var c coder
	if errors.As(err, &c) && c.ErrorCode() != EINTERNAL {
		return err.Error()
	}
	return "internal error"
}

// NotFound returns a NOT_FOUND error for the given reference.
func NotFound(kind Kind, id string) *Error {
	return Errorf(ENOTFOUND, "%s %q not found", kind, id)
}
