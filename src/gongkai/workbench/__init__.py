"""The staff workbench (工作台, /staff/): what is due, waiting or returned for the signed-in user,
read from the apps' records and scoped to the user's agency."""
