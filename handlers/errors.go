package handlers

import "errors"

// Errors the handlers return that front ends may want to tell apart.
var (
	// ErrReindexRunning means another reindex is under way; try again when it ends.
	ErrReindexRunning = errors.New("a reindex is already running")
	// ErrNoPassage means no passage has the citation or id asked for.
	ErrNoPassage = errors.New("no passage with that citation")
	// ErrEmptyQuestion means the question had no words to search for.
	ErrEmptyQuestion = errors.New("the question has no words to search for")
)
