using CoderBootstrap.Activities.Templates.Validation;

namespace CoderBootstrap.Activities.Tests.Templates;

/// <summary>A fact that needs terraform on the PATH; skipped, saying so, when it is not installed (no Debian package ships it).</summary>
public sealed class TerraformFactAttribute : FactAttribute
{
    public TerraformFactAttribute()
    {
        if (ExternalTool.Find("terraform") is null)
        {
            Skip = "terraform is not installed (https://developer.hashicorp.com/terraform/install; not available from apt): the terraform fmt check is skipped";
        }
    }
}

/// <summary>A fact that needs shellcheck on the PATH; skipped, saying so, when it is not installed.</summary>
public sealed class ShellcheckFactAttribute : FactAttribute
{
    public ShellcheckFactAttribute()
    {
        if (ExternalTool.Find("shellcheck") is null)
        {
            Skip = "shellcheck is not installed (apt-get install shellcheck; scripts/prerequisites.sh does it as root): the shellcheck rule is not exercised";
        }
    }
}
