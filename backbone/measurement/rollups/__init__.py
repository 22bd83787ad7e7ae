"""Roll-ups: approved values summed through the place tree, across periods, categories and
collectives. Read from the approved values, or from their totals kept in the approving
transaction, so an approval shows at once.

Rules, the same everywhere (and restated by the property tests):
- a value counts once: it belongs to one collective, one place, one category combination;
  a parent collective sees its own values and those of the collectives below it;
- ``place:N`` puts each value under its ancestor at level N of the place tree; a value
  reported for a place above level N stays under that place;
- a ratio is the sum of its numerator over the sum of its denominator (times 100 or N),
  never an average of ratios; a mean is the sum of values over their number; "latest" takes,
  for each organization, place and category cell, the value of the last period in the bucket.
- de-duplication adjustments are subtracted only where no category is asked for (an overlap
  is recorded per indicator, place and period, not per category).

Speed: a national collective holds millions of values, so roll-ups read ``ApprovedTotal``, the
approved values already summed per collective, indicator, place at each level of the tree
above the leaves, month and category combination (and once more over all combinations). The
totals of an indicator and month are recomputed from the values, in the same transaction,
whenever its approved values change: on approval (``set_approved``), on a value saved or a
submission deleted through the ORM (rollups.signals). They follow one place tree, fingerprinted
in ``RollupState``; a roll-up whose tree no longer matches, or that needs what the totals do
not keep (the leaf places, a "latest" over several months), reads the values as before.
Writing approved values with raw SQL or ``QuerySet.update`` elsewhere must be followed by
``refresh_totals`` (or ``rebuild_totals``).

Where: ``keys`` (parse_keys, PlaceTree, combination_categories), ``context`` (what a roll-up or
a batch of them looks up once), ``sums`` (sums from the values or the totals), ``stocks``
(stocks over time, an indicator's term), ``compute`` (ratios, means, de-duplication),
``rates`` (rates per population), ``engine`` (rollup()), ``totals`` (refresh_totals,
rebuild_totals, set_approved) and ``signals`` (the receivers, connected by the app's ready()).
"""
