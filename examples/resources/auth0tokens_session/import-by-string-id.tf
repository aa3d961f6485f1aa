import {
  to = auth0tokens_session.laptop
  id = "sess_alice_1"
}
