"""Every write to the record, one function per operation, shared by admin, API, commands, tasks."""
