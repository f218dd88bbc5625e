"""The audit trail (NEN 7513): who viewed, changed, exported or downloaded which record, and when.

Written explicitly from views and services through `audit.services`, because model-history
libraries record changes but not reads, and signal-based ones miss bulk updates.
"""
