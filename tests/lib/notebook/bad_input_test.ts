// Bad input to nn/notebook, row by row: each call fails with its message.
import { testRows } from "../_bad_input.ts";
import { asyncRows, groups } from "./_bad_input_rows.ts";

testRows(groups, asyncRows);
