namespace CoderBootstrap.Workflows;
