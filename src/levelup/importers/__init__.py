"""Bring your own practice sets: folders in other formats become levelup problem packages in the
user's problem library. One format per module (`icf`, `exercism`); what they share (writing the
package, grading the folder's own solution, editing test files) lives beside them."""
