"""The public site for researchers: home, article, claim, figure and series, entity, search.

Views here read through ``articles.selectors`` (only public states) and hand templates a
context that is ready to show; the pure modules beside them cut passages, build deep links,
say what a status means, and shape series for the chart, the table and the CSV.
"""
