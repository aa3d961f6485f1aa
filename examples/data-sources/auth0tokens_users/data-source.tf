# Users a search selects (Auth0's search returns at most 1,000: a broader
# query is refused, and connection_name or all_users have no such limit).
data "auth0tokens_users" "contractors" {
  query = "email:*@contractor.example"
}

# Every user of a connection, through a users-export job.
data "auth0tokens_users" "corp_okta" {
  connection_name = "corp-okta"
  export_timeout  = "20m" # large connections take longer to export
}

output "contractors" {
  value = data.auth0tokens_users.contractors.user_count
}

# Who would a revocation with `connection_name = "corp-okta"` reach?
output "corp_okta_users" {
  value = data.auth0tokens_users.corp_okta.ids
}
