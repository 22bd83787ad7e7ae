"""Tables in and out of files, for every import and export: values, population, activities.

Nothing here knows an indicator, a place or a submission. A file is read into a `Table`
(`readers`, behind the guards of `tables`, `delimited` and `workbooks`); its columns are
given roles by header, hashtag or position (`mapping`), a table with periods across is
reshaped into one figure a row (`layout`, `periods`); whatever is wrong becomes a `Problem`
at its row and column, and a refusal keeps what its page offers next: the errors file or the
file itself for the column mapping (`problems`, `rejected`). Tables go out through `writers`.
A domain's import (`measurement.submissions.imports`, `measurement.populations.files`) decides
what the roles mean and what a row must hold.
"""
