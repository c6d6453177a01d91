# The order conversation's questions, checks and summary; order cards and their actions.

card-service =
    <b>{ $service }</b>
    Price: <b>{ $price }</b> per 1000
    Min – max: { $min } – { $max }
card-service-package =
    <b>{ $service }</b>
    Price: <b>{ $price }</b>
card-refill-yes = ♻️ Refill: yes
card-refill-no = ♻️ Refill: no
card-cancel-yes = ✖️ Can be canceled: yes
card-cancel-no = ✖️ Can be canceled: no
card-dripfeed = 💧 Drip-feed available: the quantity can be delivered in several runs.

ask-link = Send the link to your channel, group or post (t.me/...).
ask-quantity = How many? ({ $min } – { $max })
ask-runs = Drip-feed: in how many runs should it be delivered? (2 – 1000) Each run delivers the full quantity. Or tap "No drip-feed".
ask-interval = How many minutes between runs? (1 – 1440)
ask-comments = Send the comments, one per line ({ $min } – { $max } lines).
ask-usernames = Send the usernames, one per line ({ $min } – { $max } lines), like @username.
ask-username = Send one username, like @username.
ask-hashtag = Send the hashtag, like #news.
ask-answer_number = Which answer should get the votes? Send its number (1 for the first answer, 2 for the second...).
ask-groups = Send the groups to invite from, one username per line (1 – 100 lines).
ask-sub_username = Send the username of the channel to follow, like @yourchannel.
ask-sub_min = Minimum per post? ({ $min } – { $max })
ask-sub_max = Maximum per post? ({ $min } – { $max })
ask-posts = For how many new posts? (1 – 10000)
ask-delay = Delay in minutes before each post is served? (0 – 1440, 0 = at once)
ask-expiry = Until which date? (DD.MM.YYYY) Or tap "No end date".
skip-runs = No drip-feed
skip-expiry = No end date

field-bad-link = That is not a Telegram link I can use. Send a link like https://t.me/yourchannel or https://t.me/yourchannel/123.
field-bad-number = Please send a whole number, for example { $min }.
field-below-min = That is below the minimum. Send a number from { $min } to { $max }.
field-above-max = That is above the maximum. Send a number from { $min } to { $max }.
field-bad-answer = Please send the answer number as a whole number from 1 to 100.
field-too-long = That message is too long.
field-line-too-long = One of the lines is too long (at most 1000 characters each).
field-lines-count = You sent { $count } lines; send from { $min } to { $max } lines, one per line.
field-bad-username = That is not a username. Send it like @username (letters, digits and _; 4 to 32 characters).
field-bad-username-in-list = "{ $line }" is not a username. Send one @username per line.
field-bad-hashtag = That is not a hashtag. Send it like #news (letters, digits and _).
field-bad-expiry = Send a future date like 31.12.2026.

order-summary-title = <b>Your order</b>
sum-service = Service: { $service }
sum-link = Link: { $value }
sum-quantity = Quantity: { $value }
sum-runs = Runs: { $value }
sum-interval = Interval: { $value } min
sum-comments = Comments: { $value }
sum-usernames = Usernames: { $value }
sum-username = Username: { $value }
sum-hashtag = Hashtag: { $value }
sum-answer = Answer number: { $value }
sum-groups = Groups: { $value }
sum-sub-min = Min per post: { $value }
sum-sub-max = Max per post: { $value }
sum-posts = Posts: { $value }
sum-delay = Delay: { $value } min
sum-expiry = Until: { $value }
sum-total = Total: <b>{ $price }</b>
sum-balance = Your balance: { $balance }

order-paused = 🛠 Ordering is temporarily unavailable. Please try again a little later.
order-paused-refunded =
    🛠 Ordering is temporarily unavailable. You lose nothing: { $price } is back on your balance. Please try again a little later.

card-title = <b>Order #{ $id }</b>
card-line-service = Service: { $service }
card-line-link = Link: { $link }
card-line-quantity = Quantity: { $quantity }
card-line-price = Price: { $price }
card-line-status = Status: <b>{ $status }</b>
card-line-upstream-status = Provider says: { $status }
card-line-start = Start count: { $count }
card-line-remains = Remains: { $count }
card-line-refund = Refunded: { $refund }
card-line-created = Placed: { $date }
card-line-refill = Refill: { $status }
card-line-cancel-requested = Cancel requested: waiting for the provider.
btn-refresh = 🔄 Refresh
btn-cancel-order = ✖️ Cancel order
btn-refill = ♻️ Refill
btn-order-again = 🔁 Order again
btn-to-list = 📦 All orders
order-not-found = Order not found.
order-refreshed = Updated.
order-refresh-failed = The provider did not answer right now. The status shown is the last one known.
order-cancel-requested = ✖️ Cancel of order #{ $id } requested. If the provider cancels it, the money comes back to your balance and you will be told.
order-cancel-refused = The provider could not cancel order #{ $id } (it may already be running or finished).
order-cancel-unavailable = This order cannot be canceled now.
order-refill-requested = ♻️ Refill of order #{ $id } requested. You will be told the result.
order-refill-refused = The provider did not accept a refill for order #{ $id } right now.
order-refill-unavailable = A refill is not possible for this order now.
order-refill-open = A refill for this order is already in progress.
order-again-unavailable = This service is not available any more.
refill-status-requested = requested
refill-status-pending = in progress
refill-status-completed = completed
refill-status-rejected = rejected
refill-status-error = failed

notice-refill-completed = ♻️ The refill of order <b>#{ $id }</b> is completed.
notice-refill-rejected = ♻️ The refill of order <b>#{ $id }</b> was rejected by the provider.
notice-refill-error = ♻️ The refill of order <b>#{ $id }</b> could not be done.
notice-resolved-placed = ✅ Order <b>#{ $id }</b> is confirmed with the provider and is now in progress. You will be told when it is completed.
notice-resolved-refunded = ↩️ Order <b>#{ $id }</b> could not be placed with the provider. Refunded to your balance: <b>{ $refund }</b>.

admin-orders-paused-funds = 🛑 The panel answered "not enough funds": new orders are paused and buyers see "temporarily unavailable". Top up the panel; orders resume by themselves.
admin-orders-paused-low = 🛑 The panel balance is under PANEL_BALANCE_ALERT: new orders are paused. Top up the panel; orders resume by themselves.
admin-orders-resumed = ✅ The panel balance is back: orders resumed.
admin-unknown-empty = No orders are waiting to be resolved.
admin-unknown-title = <b>Orders with an unknown outcome</b> (resolve each with /resolve &lt;order&gt; &lt;panel order id&gt; or /resolve &lt;order&gt; refund):
admin-unknown-line = #{ $id } · user { $user } · { $service } · { $quantity } · { $price } · { $date }
admin-resolve-usage = Usage: /resolve &lt;order&gt; &lt;panel order id&gt; or /resolve &lt;order&gt; refund
admin-resolve-not-unknown = Order #{ $id } is not waiting to be resolved.
admin-resolve-id-taken = Panel order { $upstream } is already linked to another order.
admin-resolved-placed = Order #{ $id } is linked to panel order { $upstream } and will be followed.
admin-resolved-refunded = Order #{ $id } is refunded ({ $refund }).

search-hint = <i>Or type what you are looking for, e.g. "views" or "members".</i>
search-results = Found for "{ $query }"
search-nothing = Nothing found for "{ $query }". Choose a category or try other words.
