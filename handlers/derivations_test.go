package handlers

import (
	"slices"
	"testing"
)

func TestBaseForms(t *testing.T) {
	tests := []struct {
		word string
		want []string // each must be among the base forms
		not  []string // none may be
	}{
		{"fought", []string{"fight"}, nil},
		{"libraries", []string{"library"}, nil},
		{"harvesting", []string{"harvest"}, nil},
		{"traded", []string{"trade"}, nil},
		{"tariffs", []string{"tariff"}, nil},
		{"glass", nil, []string{"glas"}},  // "-ss" is no plural
		{"bus", nil, []string{"bu", "b"}}, // too short a stem
	}
	for _, tc := range tests {
		t.Run(tc.word, func(t *testing.T) {
			got := baseForms(tc.word)
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("baseForms(%q) = %q, want %q among them", tc.word, got, w)
				}
			}
			for _, w := range tc.not {
				if slices.Contains(got, w) {
					t.Errorf("baseForms(%q) = %q, want no %q", tc.word, got, w)
				}
			}
		})
	}
}

func TestDerivationsOf(t *testing.T) {
	tests := []struct {
		name    string
		word    string
		unknown bool
		want    string // a form the answer must hold; "" for none at all
	}{
		{"inflection the table lacks reaches its base's forms", "monarchies", true, "monarchic"},
		{"irregular past reaches its base's forms", "fought", true, "fighter"},
		{"a word the readings use keeps its own entries", "monarchies", false, ""},
		{"a word with entries of its own keeps them", "decide", true, "decision"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := derivationsOf(tc.word, tc.unknown)
			if tc.want == "" {
				if len(got) != 0 {
					t.Errorf("derivationsOf(%q, %v) = %q, want none", tc.word, tc.unknown, got)
				}
				return
			}
			if !slices.Contains(got, tc.want) {
				t.Errorf("derivationsOf(%q, %v) = %q, want %q among them", tc.word, tc.unknown, got, tc.want)
			}
		})
	}
}
