// Keep test output readable: the apps log warnings and errors only, unless asked otherwise.
process.env.LOG_LEVEL ??= 'warn';
