output "arch" {
  description = "Architecture of the provisioner, for the template's coder_agent."
  value       = data.coder_provisioner.me.arch
}

output "git_env" {
  description = "Git author and committer of the workspace owner, to merge into the agent's env."
  value       = local.git_env
}

output "cpu_cores" {
  description = "The chosen CPU limit in cores."
  value       = local.cpu_cores
}

output "memory_gib" {
  description = "The chosen memory limit in GiB."
  value       = local.memory_gib
}
