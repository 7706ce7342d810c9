namespace CoderBootstrap.Activities;
